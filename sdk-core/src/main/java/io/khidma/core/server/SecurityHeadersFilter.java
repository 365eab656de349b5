package io.khidma.core.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Security headers on every response: no MIME sniffing and no referrer leaks everywhere; on HTML
 * pages (API docs, the sandbox login pages) a strict Content-Security-Policy that allows scripts
 * and styles only from this server and forbids framing. Swagger UI sets inline style attributes,
 * hence {@code style-src 'unsafe-inline'}; no inline script is allowed.
 */
@Provider
final class SecurityHeadersFilter implements ContainerResponseFilter {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        var type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            headers.putIfAbsent("Content-Security-Policy", java.util.List.of(CONTENT_SECURITY_POLICY));
            headers.putSingle("X-Frame-Options", "DENY");
        }
    }
}
