package io.khidma.core.server;

import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;

/**
 * The address each request's connection comes from, as the server saw it, kept on the request for
 * the filters after it ({@link #of}), such as per-address rate limits. Registered by the server
 * itself as a class: the Grizzly request is injected into it, which Jersey does not do for filter
 * instances bound to single resource methods.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 400)
public final class ClientAddress implements ContainerRequestFilter {

    private static final String PROPERTY = "io.khidma.clientAddress";

    @Context
    private Provider<Request> connection;

    @Override
    public void filter(ContainerRequestContext request) {
        var grizzly = connection.get();
        if (grizzly != null && grizzly.getRemoteAddr() != null) {
            request.setProperty(PROPERTY, grizzly.getRemoteAddr());
        }
    }

    /** The address the request's connection comes from; empty when the server could not tell. */
    public static Optional<String> of(ContainerRequestContext request) {
        return request.getProperty(PROPERTY) instanceof String address ? Optional.of(address) : Optional.empty();
    }
}
