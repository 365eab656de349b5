package io.khidma.core.http;

import java.time.Duration;

/**
 * The circuit breaker the transport keeps per host ({@code host:port}). When at least {@link
 * #failureRateThreshold()} percent of the last {@link #slidingWindowSize()} calls to a host failed
 * (no response, or a 5xx), the breaker opens: calls to that host fail fast with a {@link
 * io.khidma.core.problem.CircuitOpenException} for {@link #waitInOpenState()}, then a few trial
 * calls decide whether it closes again.
 */
public final class CircuitBreakerOptions {

    private static final CircuitBreakerOptions DEFAULTS = builder().build();

    private final boolean enabled;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration waitInOpenState;
    private final int permittedCallsInHalfOpenState;

    private CircuitBreakerOptions(Builder b) {
        this.enabled = b.enabled;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedCallsInHalfOpenState = b.permittedCallsInHalfOpenState;
    }

    /** Opens at 50% failures over the last 20 calls (once 10 were made), for 30 s, then 3 trial calls. */
    public static CircuitBreakerOptions defaults() {
        return DEFAULTS;
    }

    /** No circuit breaker. */
    public static CircuitBreakerOptions disabled() {
        return builder().enabled(false).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .enabled(enabled)
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumNumberOfCalls)
                .waitInOpenState(waitInOpenState)
                .permittedCallsInHalfOpenState(permittedCallsInHalfOpenState);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Percentage of failed calls, 1 to 100, at which the breaker opens. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls needed in the window before the failure rate counts. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public Duration waitInOpenState() {
        return waitInOpenState;
    }

    public int permittedCallsInHalfOpenState() {
        return permittedCallsInHalfOpenState;
    }

    public static final class Builder {
        private boolean enabled = true;
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration waitInOpenState = Duration.ofSeconds(30);
        private int permittedCallsInHalfOpenState = 3;

        private Builder() {}

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder failureRateThreshold(float percent) {
            if (percent <= 0 || percent > 100) {
                throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + percent);
            }
            this.failureRateThreshold = percent;
            return this;
        }

        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = atLeastOne(calls, "slidingWindowSize");
            return this;
        }

        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = atLeastOne(calls, "minimumNumberOfCalls");
            return this;
        }

        public Builder waitInOpenState(Duration wait) {
            this.waitInOpenState = Durations.positive(wait, "waitInOpenState");
            return this;
        }

        public Builder permittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = atLeastOne(calls, "permittedCallsInHalfOpenState");
            return this;
        }

        public CircuitBreakerOptions build() {
            return new CircuitBreakerOptions(this);
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
