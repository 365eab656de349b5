package io.khidma.opendata.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How many open-data reads a caller may make per window: anonymous callers counted per IP address,
 * API-key holders per key, with a higher limit. Counts are kept per replica unless {@code shared},
 * when every replica counts in the database, so a limit holds however many replicas serve.
 *
 * @param anonymous requests per window for each IP address without a key; 600 by default
 * @param perKey requests per window for each API key; 6,000 by default
 * @param window the length of a counting window; one minute by default
 * @param shared whether replicas share the counts through the database; off by default
 * @param trustForwardedFor whether the IP address comes from {@code X-Forwarded-For}: its last
 *     entry, which the one proxy in front appends (nginx {@code $proxy_add_x_forwarded_for}, cloud
 *     load balancers); off by default, when it is the connection's
 */
public record RateLimits(int anonymous, int perKey, Duration window, boolean shared, boolean trustForwardedFor) {

    public RateLimits {
        if (anonymous < 1 || perKey < 1) {
            throw new IllegalArgumentException("limits must be at least 1 request per window");
        }
        Objects.requireNonNull(window, "window");
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least a second");
        }
    }

    public static RateLimits defaults() {
        return new RateLimits(600, 6_000, Duration.ofMinutes(1), false, false);
    }

    public RateLimits withAnonymous(int requests) {
        return new RateLimits(requests, perKey, window, shared, trustForwardedFor);
    }

    public RateLimits withPerKey(int requests) {
        return new RateLimits(anonymous, requests, window, shared, trustForwardedFor);
    }

    public RateLimits withWindow(Duration length) {
        return new RateLimits(anonymous, perKey, length, shared, trustForwardedFor);
    }

    public RateLimits shared(boolean inDatabase) {
        return new RateLimits(anonymous, perKey, window, inDatabase, trustForwardedFor);
    }

    public RateLimits trustForwardedFor(boolean trust) {
        return new RateLimits(anonymous, perKey, window, shared, trust);
    }
}
