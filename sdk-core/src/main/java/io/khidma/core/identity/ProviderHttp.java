package io.khidma.core.identity;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.Transport;
import io.khidma.core.problem.KhidmaException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Sends the requests Nimbus builds through the Khidma {@link Transport}, so calls to identity
 * providers get the same timeouts, retries, circuit breaker and redacted logging as every other
 * call. Nimbus does the protocol; the transport does the HTTP.
 */
final class ProviderHttp {

    /** Headers the transport sets from ApiRequest's own fields. */
    private static final Set<String> OWN_HEADERS = Set.of("authorization", "content-type");

    private ProviderHttp() {}

    static HTTPResponse send(Transport transport, HTTPRequest request) {
        var uri = request.getURI();
        var body = request.getBody();
        if (request.getMethod() == HTTPRequest.Method.GET && body != null && !body.isEmpty()) {
            uri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + body);
            body = null;
        }
        var builder = ApiRequest.builder(request.getMethod().name(), uri)
                // Token requests are not idempotent (a code is single-use): never retried.
                .withoutIdempotencyKey();
        request.getHeaderMap().forEach((name, values) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (request.getAuthorization() != null) {
            builder.authorization(request.getAuthorization());
        }
        if (body != null) {
            var type = request.getEntityContentType() == null
                    ? "application/x-www-form-urlencoded"
                    : request.getEntityContentType().toString();
            builder.body(body.getBytes(StandardCharsets.UTF_8), type);
        }
        return toNimbus(transport.execute(builder.build()));
    }

    static HTTPResponse toNimbus(ApiResponse response) {
        var nimbus = new HTTPResponse(response.status());
        response.headers().forEach((name, values) -> nimbus.setHeader(name, values.toArray(String[]::new)));
        nimbus.setBody(response.bodyAsString());
        return nimbus;
    }

    /** A Nimbus {@link ResourceRetriever} (for JWK sets) over the transport; errors become {@link IOException}. */
    static ResourceRetriever retriever(Transport transport) {
        return (URL url) -> {
            try {
                var response = transport.send(
                        ApiRequest.get(URI.create(url.toString())).build());
                return new Resource(
                        response.bodyAsString(), response.header("Content-Type").orElse(null));
            } catch (KhidmaException e) {
                throw new IOException("cannot fetch " + url + ": " + e.getMessage(), e);
            }
        };
    }
}
