package io.khidma.requests.server;

import io.khidma.core.problem.Problem;
import io.khidma.requests.open311.Open311Error;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem under {@code /open311/v2/} leaves as Open311's error list {@code [{"code": ...,
 * "description": ...}]}, which Open311 clients parse. Runs first among response filters (they run
 * from the highest priority down), so the rest see the answer as the client will.
 */
@Priority(Priorities.USER + 1000)
final class Open311Errors implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith(Open311Filter.PREFIX)
                || !(response.getEntity() instanceof Problem problem)) {
            return;
        }
        var description = problem.detail() != null ? problem.detail() : problem.title();
        if (!problem.errors().isEmpty()) {
            description += ": "
                    + problem.errors().stream()
                            .map(e -> field(e.field()) + ": " + e.detail())
                            .collect(Collectors.joining("; "));
        }
        response.setEntity(
                List.of(new Open311Error(problem.status(), description)), null, MediaType.APPLICATION_JSON_TYPE);
    }

    /** A form field's error under the name the client sent it by. */
    private static String field(String field) {
        if (field == null) {
            return "";
        }
        return field.startsWith("data.") ? "attribute[" + field.substring(5) + "]" : field;
    }
}
