package io.khidma.core.server;

import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * The errors Grizzly answers itself, before a request reaches Jersey, as problem documents instead
 * of Grizzly's HTML pages. No exception text is sent.
 */
final class ProblemErrorPages implements ErrorPageGenerator {

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        if (malformedUri(exception)) {
            // Jersey's container cannot parse the request URI (bad percent-encoding): the caller's fault.
            request.getResponse().setStatus(400);
            status = 400;
            reasonPhrase = "The request URI is malformed";
        }
        var type = ProblemType.forStatus(status)
                .orElse(status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.BAD_REQUEST);
        var problem = new Problem(
                type.uri(), type.title(), status, reasonPhrase, safeInstance(request), type.code(), List.of());
        request.getResponse().setContentType(ProblemMapper.PROBLEM_JSON);
        request.getResponse().setCharacterEncoding("UTF-8");
        try {
            return KhidmaJson.mapper().writeValueAsString(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"status\":" + status + "}";
        }
    }

    private static boolean malformedUri(Throwable exception) {
        for (var t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof URISyntaxException
                    || (t instanceof IllegalArgumentException && t.getCause() instanceof URISyntaxException)) {
                return true;
            }
        }
        return false;
    }

    private static URI safeInstance(Request request) {
        try {
            return request.getRequestURI() == null ? null : new URI(request.getRequestURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
