package io.khidma.core.audit.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ClientAddress;
import io.khidma.core.server.RequestIdFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.MDC;

/**
 * Who is calling and from where, for the audit entries the request's writes append: the caller the
 * bearer token names, the request id and the connection's address. Kept for the thread handling
 * the request, since the writes happen deep in services that are not handed the request; a write
 * outside any request (a scheduled job) is the platform's own, by {@code system}. The client and
 * agency ids also go in the logging MDC ({@value #CLIENT_ID}, {@value #AGENCY_ID}). Registered by
 * the server itself.
 */
@Priority(Priorities.AUTHORIZATION)
public final class AuditContext implements ContainerRequestFilter, ContainerResponseFilter {

    /** Who and where, as an entry records them. */
    record Caller(String subject, String clientId, String agency, String requestId, String address) {
        static final Caller SYSTEM = new Caller("system", null, null, null, null);
    }

    /** The logging MDC keys of the calling client and its agency. */
    public static final String CLIENT_ID = "client_id";

    public static final String AGENCY_ID = "agency_id";

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    @Override
    public void filter(ContainerRequestContext request) {
        var principal = KhidmaPrincipal.of(request.getSecurityContext());
        // The request id filter ran before matching and put the id it settled on in the MDC.
        var requestId = MDC.get(RequestIdFilter.MDC_KEY);
        var address = ClientAddress.of(request).orElse(null);
        if (principal != null) {
            // Who is calling, in every log line of the request, beside its request and trace ids.
            MDC.put(CLIENT_ID, principal.clientId());
            if (principal.agencyId() != null) {
                MDC.put(AGENCY_ID, principal.agencyId());
            }
        }
        CURRENT.set(
                principal == null
                        ? new Caller("anonymous", null, null, requestId, address)
                        : new Caller(
                                principal.subject(), principal.clientId(), principal.agencyId(), requestId, address));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CURRENT.remove();
        MDC.remove(CLIENT_ID);
        MDC.remove(AGENCY_ID);
    }

    static Caller current() {
        var caller = CURRENT.get();
        return caller == null ? Caller.SYSTEM : caller;
    }
}
