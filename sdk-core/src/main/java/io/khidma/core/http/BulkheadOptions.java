package io.khidma.core.http;

import java.time.Duration;

/**
 * A bulkhead: at most {@code maxConcurrentCalls} calls in flight through one transport; a further
 * call waits up to {@code maxWait} for a slot and then fails with a {@link
 * io.khidma.core.problem.TransportException} without being sent.
 *
 * <p>A record rather than a builder: two values, both required.
 */
public record BulkheadOptions(int maxConcurrentCalls, Duration maxWait) {

    public BulkheadOptions {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, was " + maxConcurrentCalls);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive");
        }
    }
}
