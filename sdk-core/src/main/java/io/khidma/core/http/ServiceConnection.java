package io.khidma.core.http;

import io.khidma.core.identity.TokenProvider;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What every service client holds: the API's base URI, the caller's credentials and the transport
 * its calls go through, created here (and closed with it) unless the caller shared one. Built by a
 * {@link ServiceClientBuilder}; thread-safe.
 */
public final class ServiceConnection implements AutoCloseable {

    private final URI endpoint;
    private final TokenProvider credentials;
    private final Map<String, String> headers;
    private final Transport transport;
    private final boolean ownsTransport;

    ServiceConnection(
            URI endpoint,
            TokenProvider credentials,
            Map<String, String> headers,
            Transport transport,
            TransportOptions options) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = credentials;
        this.headers = Map.copyOf(headers);
        this.transport = transport != null ? transport : Transport.create(options);
        this.ownsTransport = transport == null;
    }

    /** A URI builder at the endpoint followed by {@code path}. */
    public UriBuilder uri(String path) {
        return UriBuilder.fromUri(endpoint).path(path);
    }

    /** Sends the request with the client's credentials and headers. */
    public ApiResponse send(ApiRequest.Builder request) {
        return transport.send(withClientSettings(request));
    }

    /**
     * Sends the request with the client's credentials and headers and hands back the successful
     * response's body unread; see {@link Transport#stream(ApiRequest)}.
     */
    public StreamedResponse stream(ApiRequest.Builder request) {
        return transport.stream(withClientSettings(request));
    }

    private ApiRequest withClientSettings(ApiRequest.Builder request) {
        if (credentials != null) {
            request.credentials(credentials);
        }
        headers.forEach(request::header);
        return request.build();
    }

    /** Adds a query parameter when there is a value. */
    public static void query(UriBuilder uri, String name, String value) {
        if (value != null) {
            // Values go through queryParam's template-free encoding: braces in a query are not templates here.
            uri.queryParam(name, value.replace("{", "%7B").replace("}", "%7D"));
        }
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }
}
