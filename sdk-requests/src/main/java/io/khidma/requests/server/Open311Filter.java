package io.khidma.requests.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Open311's ways at the edge of {@code /open311/v2/}: the {@code api_key} (query or form) is taken
 * as the bearer token before authentication runs; the decoded form is kept for the {@code
 * attribute[code]} fields. {@link Open311Errors} turns problems into Open311's error list.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class Open311Filter implements ContainerRequestFilter {

    static final String PREFIX = "open311/";
    /** The request property the decoded form is kept in. */
    static final String FORM = Open311Filter.class.getName() + ".form";

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(PREFIX)) {
            return;
        }
        var key = request.getUriInfo().getQueryParameters().getFirst("api_key");
        if (HttpMethod.POST.equals(request.getMethod())
                && request.getMediaType() != null
                && request.getMediaType().isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                && request instanceof ContainerRequest container) {
            container.bufferEntity();
            var form = container.readEntity(Form.class);
            request.setProperty(FORM, form);
            var fromForm = form.asMap().getFirst("api_key");
            key = fromForm != null ? fromForm : key;
        }
        if (key != null && !key.isBlank() && request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key.strip());
        }
    }
}
