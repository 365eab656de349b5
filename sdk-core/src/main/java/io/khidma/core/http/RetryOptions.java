package io.khidma.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When and how the transport retries a call.
 *
 * <p>Only calls that are safe to repeat are retried: {@code GET}, {@code HEAD}, {@code PUT},
 * {@code DELETE}, {@code OPTIONS}, and any call that carries an {@code Idempotency-Key} (every
 * {@code POST} does unless it opts out). They are retried on connection failures and timeouts and
 * on the statuses in {@link #retryStatuses()} (and on a 409 that carries {@code Retry-After}, which
 * is how a server says the first request with this Idempotency-Key is still running), waiting an exponentially growing, jittered backoff,
 * or what the server's {@code Retry-After} asks for, capped at {@link #maxRetryAfter()}.
 */
public final class RetryOptions {

    private static final RetryOptions DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Set<Integer> retryStatuses;

    private RetryOptions(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.retryStatuses = Set.copyOf(b.retryStatuses);
    }

    /** 3 attempts, 200 ms first backoff doubling up to 5 s, {@code Retry-After} obeyed up to 30 s. */
    public static RetryOptions defaults() {
        return DEFAULTS;
    }

    /** No retries at all: every call is attempted once. */
    public static RetryOptions none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxAttempts(maxAttempts)
                .initialBackoff(initialBackoff)
                .maxBackoff(maxBackoff)
                .maxRetryAfter(maxRetryAfter)
                .retryStatuses(retryStatuses);
    }

    /** Attempts in all, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The longest {@code Retry-After} the transport waits; a longer one is shortened to this. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Response statuses that are retried: by default 408, 429, 502, 503 and 504. */
    public Set<Integer> retryStatuses() {
        return retryStatuses;
    }

    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Set<Integer> retryStatuses = Set.of(408, 429, 502, 503, 504);

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Durations.positive(initialBackoff, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Durations.positive(maxBackoff, "maxBackoff");
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = Durations.positive(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        public Builder retryStatuses(Set<Integer> retryStatuses) {
            this.retryStatuses = Set.copyOf(Objects.requireNonNull(retryStatuses, "retryStatuses"));
            return this;
        }

        public RetryOptions build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
            }
            return new RetryOptions(this);
        }
    }
}
