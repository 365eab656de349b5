package io.khidma.core.problem;

import java.time.Duration;
import java.util.Optional;

/** The service is temporarily unable to answer (503); safe to retry later, after {@link #retryAfter()}. */
public class ServiceUnavailableException extends ServerErrorException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public ServiceUnavailableException(Problem problem, String requestId, Duration retryAfter) {
        super(problem, requestId);
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
