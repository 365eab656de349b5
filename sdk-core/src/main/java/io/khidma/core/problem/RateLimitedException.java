package io.khidma.core.problem;

import java.time.Duration;
import java.util.Optional;

/** The caller sent too many requests (429); {@link #retryAfter()} says how long to wait, when known. */
public class RateLimitedException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(Problem problem, String requestId, Duration retryAfter) {
        super(problem, requestId);
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
