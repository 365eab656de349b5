package io.khidma.opendata.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin reads of open data from the browser, for the configured origins only: {@code GET}
 * and {@code HEAD} of datasets, rows, exports, the catalogue and the CKAN actions, with their
 * preflight. Never credentials, never a write: publishing stays server-to-server. Registered only
 * when {@link OpenDataOptions#corsOrigins()} names an origin, so CORS is off by default.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Pattern READ_PATHS =
            Pattern.compile("/?(datasets(/.*)?|catalog|api/3/action/.*|datastore/dump/.*)");
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final String ALLOWED_HEADERS =
            "Accept, Accept-Language, If-None-Match, If-Modified-Since, If-Range, Range, X-Api-Key";
    private static final String EXPOSED_HEADERS = "ETag, Last-Modified, Link, Content-Range, Content-Disposition, "
            + "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id";

    private final Set<String> origins;

    CorsFilter(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var origin = allowedOrigin(request);
        var asked = request.getHeaderString("Access-Control-Request-Method");
        if (origin == null || !"OPTIONS".equals(request.getMethod()) || asked == null) {
            return;
        }
        var preflight = Response.noContent().header("Vary", "Origin");
        if (READS.contains(asked)) {
            preflight
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", "GET, HEAD")
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "600");
        }
        request.abortWith(preflight.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var origin = allowedOrigin(request);
        if (origin == null || !READS.contains(request.getMethod())) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", origin);
        headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        headers.add("Vary", "Origin");
    }

    /** The value for Access-Control-Allow-Origin, or null when this request gets no CORS headers. */
    private String allowedOrigin(ContainerRequestContext request) {
        var origin = request.getHeaderString("Origin");
        if (origin == null
                || !READ_PATHS.matcher(request.getUriInfo().getPath()).matches()) {
            return null;
        }
        if (origins.contains("*")) {
            return "*";
        }
        return origins.contains(origin) ? origin : null;
    }
}
