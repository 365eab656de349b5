package io.khidma.core.http;

import io.khidma.core.identity.TokenProvider;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every service client's builder has: where the API is, whose credentials to send,
 * and which transport (shared) or transport options (a transport of its own) to use.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ServiceClientBuilder<B extends ServiceClientBuilder<B>> {

    private URI endpoint;
    private TokenProvider credentials;
    private Transport transport;
    private TransportOptions options = TransportOptions.defaults();

    protected ServiceClientBuilder() {}

    /** The API's base URI, e.g. {@code https://api.example.gov.ae/}. */
    public B endpoint(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return self();
    }

    /** The bearer tokens to send: an agency client's or a logged-in citizen's; none for public reads. */
    public B credentials(TokenProvider credentials) {
        this.credentials = credentials;
        return self();
    }

    /** A transport to share with other clients; the client then does not close it. */
    public B transport(Transport transport) {
        this.transport = transport;
        return self();
    }

    /** Options of the transport the client creates for itself when none is shared. */
    public B options(TransportOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return self();
    }

    /** The connection the client is built on, with headers it sends on every call. */
    protected ServiceConnection connection(Map<String, String> headers) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new ServiceConnection(endpoint, credentials, headers, transport, options);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
