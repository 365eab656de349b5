package io.khidma.opendata.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Fixed-window counting: each request adds one to its bucket's count for the current window, and
 * is allowed while the count is within the limit. Counts live in this replica's memory, or in the
 * database when shared (one upsert per request).
 */
final class RateLimiter {

    /** The outcome for one request: whether it may go on, what is left, and when the window resets. */
    record Decision(boolean allowed, long remaining, long resetSeconds) {}

    private final RateLimits limits;
    private final Jdbi jdbi;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> local = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong();

    private record Window(long start, AtomicLong count) {}

    RateLimiter(RateLimits limits, Jdbi jdbi, Clock clock) {
        this.limits = limits;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    RateLimits limits() {
        return limits;
    }

    Decision take(String bucket, int limit) {
        long now = clock.millis();
        long length = limits.window().toMillis();
        long start = now - now % length;
        long count = limits.shared() ? shared(bucket, start, now, length) : local(bucket, start);
        long reset = Math.max(1, (start + length - now + 999) / 1000);
        return new Decision(count <= limit, Math.max(0, limit - count), reset);
    }

    private long local(String bucket, long start) {
        var window = local.compute(
                bucket,
                (key, current) ->
                        current == null || current.start() != start ? new Window(start, new AtomicLong()) : current);
        if (local.size() > 100_000) {
            // Buckets of past windows are dropped; the current ones are all that count.
            local.values().removeIf(w -> w.start() != start);
        }
        return window.count().incrementAndGet();
    }

    private long shared(String bucket, long start, long now, long length) {
        var windowStart = Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC);
        long count = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO opendata_rate_window (bucket, window_start, count) VALUES (:bucket, :start, 1)
                        ON CONFLICT (bucket, window_start) DO UPDATE SET count = opendata_rate_window.count + 1
                        RETURNING count
                        """)
                .bind("bucket", bucket)
                .bind("start", windowStart)
                .mapTo(Long.class)
                .one());
        long last = lastPurge.get();
        if (now - last > length && lastPurge.compareAndSet(last, now)) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM opendata_rate_window WHERE window_start < :before")
                    .bind("before", windowStart.minusNanos(length * 1_000_000))
                    .execute());
        }
        return count;
    }
}
