package io.khidma.opendata.server;

import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ClientAddress;
import io.khidma.core.server.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts open-data reads against {@link RateLimits}: per API key when a valid {@code X-API-Key}
 * comes, per IP address otherwise. Every answer carries {@code RateLimit-Policy} and {@code
 * RateLimit} (the IETF httpapi draft's structured fields); over the limit, a 429 problem with
 * {@code Retry-After}. An unknown or revoked key is a 401, not a silent fall-back.
 */
final class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";
    /** The longest IPv6 text form, with an IPv4 tail and a zone, fits; anything longer is not an address. */
    private static final int MAX_ADDRESS_LENGTH = 64;

    private final RateLimiter limiter;
    private final ApiKeys keys;
    private final OpenDataMetrics metrics;

    RateLimitFilter(RateLimiter limiter, ApiKeys keys, OpenDataMetrics metrics) {
        this.limiter = limiter;
        this.keys = keys;
        this.metrics = metrics;
    }

    private record Counted(String policy, int limit, RateLimiter.Decision decision) {}

    @Override
    public void filter(ContainerRequestContext request) {
        var limits = limiter.limits();
        var key = request.getHeaderString(ApiKeys.HEADER);
        Counted counted;
        if (key != null) {
            var id = keys.find(key.trim())
                    .orElseThrow(() -> ProblemException.of(ProblemType.UNAUTHORIZED, "Unknown or revoked API key"));
            counted = new Counted("key", limits.perKey(), limiter.take("key:" + id, limits.perKey()));
        } else {
            counted = new Counted(
                    "anonymous", limits.anonymous(), limiter.take("ip:" + address(request), limits.anonymous()));
        }
        request.setProperty(DECISION, counted);
        if (!counted.decision().allowed()) {
            metrics.refused(counted.policy());
            var reset = String.valueOf(counted.decision().resetSeconds());
            throw ProblemException.of(
                            ProblemType.RATE_LIMITED,
                            "Over " + counted.limit() + " requests per "
                                    + limits.window().toSeconds()
                                    + " s; try again in " + reset + " s"
                                    + (key == null ? ", or send an API key for a higher limit" : ""))
                    .withHeader("Retry-After", reset)
                    .withHeader("RateLimit-Policy", policy(counted))
                    .withHeader("RateLimit", remaining(counted));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Counted counted
                && !response.getHeaders().containsKey("RateLimit")) {
            response.getHeaders().putSingle("RateLimit-Policy", policy(counted));
            response.getHeaders().putSingle("RateLimit", remaining(counted));
        }
    }

    private String policy(Counted counted) {
        return "\"" + counted.policy() + "\";q=" + counted.limit() + ";w="
                + limiter.limits().window().toSeconds();
    }

    private static String remaining(Counted counted) {
        return "\"" + counted.policy() + "\";r=" + counted.decision().remaining() + ";t="
                + counted.decision().resetSeconds();
    }

    /**
     * The caller's address: the connection's, or behind a trusted proxy the last {@code
     * X-Forwarded-For} entry, the one that proxy appended. Entries before it are whatever the caller
     * sent, and a caller choosing its own address would choose a fresh one for every request.
     */
    private String address(ContainerRequestContext request) {
        if (limiter.limits().trustForwardedFor()) {
            var forwarded = request.getHeaderString("X-Forwarded-For");
            if (forwarded != null) {
                var entries = forwarded.split(",");
                var last = entries.length == 0 ? "" : entries[entries.length - 1].strip();
                if (!last.isEmpty() && last.length() <= MAX_ADDRESS_LENGTH) {
                    return last;
                }
            }
        }
        return ClientAddress.of(request).orElse("unknown");
    }
}
