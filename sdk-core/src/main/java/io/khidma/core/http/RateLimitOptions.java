package io.khidma.core.http;

import java.time.Duration;

/**
 * A client-side rate limit: at most {@code permitsPerPeriod} calls each {@code period}; a call
 * waits up to {@code maxWait} for a permit and then fails with a {@link
 * io.khidma.core.problem.TransportException} without being sent.
 *
 * <p>A record rather than a builder: three values, all required, nothing to default.
 */
public record RateLimitOptions(int permitsPerPeriod, Duration period, Duration maxWait) {

    public RateLimitOptions {
        if (permitsPerPeriod < 1) {
            throw new IllegalArgumentException("permitsPerPeriod must be at least 1, was " + permitsPerPeriod);
        }
        Durations.positive(period, "period");
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive");
        }
    }

    /** {@code permits} calls per second, waiting at most {@code maxWait} for one. */
    public static RateLimitOptions perSecond(int permits, Duration maxWait) {
        return new RateLimitOptions(permits, Duration.ofSeconds(1), maxWait);
    }
}
