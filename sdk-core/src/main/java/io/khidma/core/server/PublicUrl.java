package io.khidma.core.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes every absolute link a server writes (a created resource's {@code Location}, a payment's
 * links, the DCAT catalogue, CKAN's resource URLs) start with one trusted base, never with what the
 * request's {@code Host} header claims: a poisoned {@code /catalog} is what harvesters and caches
 * keep. The base is, in order:
 *
 * <ol>
 *   <li>the configured public URL ({@code KHIDMA_PUBLIC_URL}), the one to set in production;
 *   <li>else, for a request whose connection comes from a {@link TrustedProxies trusted proxy},
 *       its {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, when they are well formed;
 *   <li>else the address the server is bound to.
 * </ol>
 *
 * <p>It rewrites the request's base and request URIs before matching, so every resource's {@code
 * UriInfo} sees the trusted base and no resource needs to know about it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 390) // after ClientAddress, which tells who connected
final class PublicUrl implements ContainerRequestFilter {

    private static final Pattern HOST =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\])" + "(?::[0-9]{1,5})?");

    private final URI configured;
    private final TrustedProxies proxies;
    private volatile URI bound;

    PublicUrl(URI configured, TrustedProxies proxies) {
        this.configured = configured == null ? null : check(configured);
        this.proxies = Objects.requireNonNull(proxies, "proxies");
    }

    /**
     * A public URL as the server takes it: absolute {@code http} or {@code https}, no query or
     * fragment, its path ending with a slash.
     */
    static URI check(URI url) {
        var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || url.getHost() == null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "a public URL is an absolute http(s) URL without user, query or fragment, was " + url);
        }
        var text = url.toString();
        return URI.create(text.endsWith("/") ? text : text + "/");
    }

    /** The address the server was bound to, known once it started. */
    void bound(URI uri) {
        this.bound = uri;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var info = request.getUriInfo();
        var original = info.getRequestUri();
        var base = base(request, info.getBaseUri());
        if (base == null) {
            return;
        }
        var path = original.getRawPath();
        var basePath = info.getBaseUri().getRawPath();
        var relative = path.startsWith(basePath) ? path.substring(basePath.length()) : path.replaceFirst("^/", "");
        var query = original.getRawQuery();
        request.setRequestUri(base, URI.create(base + relative + (query == null ? "" : "?" + query)));
    }

    private URI base(ContainerRequestContext request, URI originalBase) {
        if (configured != null) {
            return configured;
        }
        if (!proxies.isEmpty() && proxies.trusts(ClientAddress.of(request).orElse(null))) {
            var forwarded = forwarded(request, originalBase);
            if (forwarded != null) {
                return forwarded;
            }
        }
        var server = bound;
        return server == null
                ? null
                : URI.create(server.getScheme() + "://" + server.getRawAuthority() + originalBase.getRawPath());
    }

    private static URI forwarded(ContainerRequestContext request, URI originalBase) {
        var host = first(request.getHeaderString("X-Forwarded-Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            return null;
        }
        var proto = first(request.getHeaderString("X-Forwarded-Proto"));
        var scheme = proto == null ? originalBase.getScheme() : proto.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        return URI.create(scheme + "://" + host + originalBase.getRawPath());
    }

    /** The first of a comma-separated list: the value the first proxy, facing the client, wrote. */
    private static String first(String header) {
        if (header == null) {
            return null;
        }
        var comma = header.indexOf(',');
        var value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }
}
