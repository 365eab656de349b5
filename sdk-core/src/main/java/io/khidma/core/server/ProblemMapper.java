package io.khidma.core.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.tracing.ServerSpans;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one exception mapper: every error, ours or Jersey's (unknown route, wrong method, unsupported
 * media type, unreadable JSON), leaves as an {@code application/problem+json} document with a
 * stable {@code type}, titled in Arabic or English by {@code Accept-Language}. Never a stack trace:
 * unexpected failures are logged with the request id, and the caller gets that id to quote.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {

    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    /** Headers of Jersey's own error responses that the problem response keeps. */
    private static final List<String> KEPT_HEADERS = List.of("Allow", "WWW-Authenticate", "Retry-After");

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable failure) {
        var problemException = causeOfType(failure, ProblemException.class);
        if (problemException != null) {
            return respond(problemException.problem(), problemException.headers());
        }
        if (failure instanceof ParamException param && !(param instanceof ParamException.PathParamException)) {
            return respond(fromParam(param), Map.of());
        }
        if (failure instanceof WebApplicationException web) {
            var status = web.getResponse().getStatus();
            if (status < 400) {
                return web.getResponse();
            }
            return respond(fromJersey(web), keptHeaders(web.getResponse()));
        }
        var json = causeOfType(failure, JsonProcessingException.class);
        if (json != null) {
            return respond(fromJson(json), Map.of());
        }
        var unstorable = unstorableValue(failure);
        if (unstorable != null) {
            return respond(Problem.of(ProblemType.INVALID_INPUT, unstorable), Map.of());
        }
        if (databaseUnavailable(failure)) {
            LOG.warn(
                    "database unavailable handling {} {}: {}",
                    request.getMethod(),
                    uriInfo.getRequestUri().getRawPath(),
                    failure.toString());
            return respond(
                    Problem.of(
                            ProblemType.SERVICE_UNAVAILABLE,
                            "The service cannot reach its database just now; retry shortly"),
                    Map.of("Retry-After", "1"));
        }
        LOG.error(
                "unexpected failure handling {} {}",
                request.getMethod(),
                uriInfo.getRequestUri().getRawPath(),
                failure);
        return respond(
                Problem.of(
                        ProblemType.INTERNAL_ERROR,
                        "An unexpected error occurred. Quote request id " + MDC.get(RequestIdFilter.MDC_KEY)
                                + " when reporting it."),
                Map.of());
    }

    private Response respond(Problem problem, Map<String, String> extraHeaders) {
        var locale = language();
        var localised = ProblemType.forUri(problem.type())
                .map(type -> problem.withTitle(type.title(locale)))
                .orElse(problem)
                .withInstance(URI.create(uriInfo.getRequestUri().getRawPath()))
                .withTraceId(MDC.get(ServerSpans.TRACE_ID));
        var response = Response.status(problem.status())
                .type(PROBLEM_JSON)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .entity(localised);
        extraHeaders.forEach(response::header);
        return response.build();
    }

    private Locale language() {
        return headers.getAcceptableLanguages().stream()
                .map(Locale::getLanguage)
                .filter(lang -> lang.equals("ar") || lang.equals("en"))
                .findFirst()
                .map(Locale::forLanguageTag)
                .orElse(Locale.ENGLISH);
    }

    private Problem fromJersey(WebApplicationException web) {
        var status = web.getResponse().getStatus();
        var path = uriInfo.getRequestUri().getRawPath();
        if (web instanceof NotFoundException) {
            return Problem.of(ProblemType.NOT_FOUND, "No resource at " + path);
        }
        if (web instanceof NotAllowedException) {
            return Problem.of(
                    ProblemType.METHOD_NOT_ALLOWED,
                    request.getMethod() + " is not allowed on " + path + "; allowed: "
                            + web.getResponse().getAllowedMethods().stream()
                                    .sorted()
                                    .collect(Collectors.joining(", ")));
        }
        if (web instanceof NotSupportedException) {
            return Problem.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + headers.getMediaType() + " is not accepted by " + path);
        }
        if (web instanceof NotAcceptableException) {
            return Problem.of(
                    ProblemType.NOT_ACCEPTABLE, path + " cannot answer in " + headers.getAcceptableMediaTypes());
        }
        var type = ProblemType.forStatus(status)
                .orElse(status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.BAD_REQUEST);
        // Jersey's default messages ("HTTP 400 Bad Request") only repeat the status.
        var message = web.getMessage();
        var detail = message == null || message.startsWith("HTTP " + status) ? null : message;
        return new Problem(type.uri(), type.title(), status, detail, null, type.code(), List.of());
    }

    /**
     * A query, header, cookie or form parameter that does not convert. JAX-RS answers 404 for a bad
     * query parameter; to a caller that is a bad request naming the parameter, so it becomes 400.
     */
    private static Problem fromParam(ParamException param) {
        var kind = param.getParameterType().getSimpleName().replace("Param", "").toLowerCase(Locale.ROOT);
        var name = param.getParameterName();
        return Problem.of(
                ProblemType.INVALID_INPUT,
                "The " + kind + " parameter " + name + " has an invalid value",
                List.of(new FieldError(name, "invalid-value", "not a valid value for " + name)));
    }

    private static Problem fromJson(JsonProcessingException json) {
        var location = json.getLocation() == null
                ? ""
                : " at line " + json.getLocation().getLineNr() + ", column "
                        + json.getLocation().getColumnNr();
        if (json instanceof StreamReadException || !(json instanceof DatabindException)) {
            return Problem.of(
                    ProblemType.MALFORMED_JSON,
                    "The body is not valid JSON" + location + ": " + json.getOriginalMessage());
        }
        var mapping = (JsonMappingException) json;
        var field = fieldPath(mapping);
        FieldError error;
        var cause = mapping instanceof ValueInstantiationException ? mapping.getCause() : null;
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            // Objects.requireNonNull(value, "json_name") in a record's constructor: a required field
            // is missing. Models name the JSON property in that message for this reason.
            var missing = field.equals("$") ? cause.getMessage() : field + "." + cause.getMessage();
            error = new FieldError(missing, "required", cause.getMessage() + " is required");
        } else if (cause != null && cause.getMessage() != null) {
            error = new FieldError(field, "invalid-value", cause.getMessage());
        } else if (mapping instanceof InvalidFormatException format) {
            error = new FieldError(
                    field,
                    "invalid-format",
                    "'" + format.getValue() + "' is not a valid " + friendlyType(format.getTargetType()));
        } else if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            error = new FieldError(field, "invalid-type", "expected " + friendlyType(mismatched.getTargetType()));
        } else {
            error = new FieldError(field, "invalid-value", mapping.getOriginalMessage());
        }
        return Problem.of(
                ProblemType.INVALID_INPUT, "The body does not match the expected shape" + location, List.of(error));
    }

    private static String fieldPath(JsonMappingException mapping) {
        var path = new StringBuilder();
        for (var ref : mapping.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    private static String friendlyType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "RFC 3339 date-time";
        }
        return "object";
    }

    private static Map<String, String> keptHeaders(Response response) {
        var kept = new LinkedHashMap<String, String>();
        for (var name : KEPT_HEADERS) {
            var value = response.getHeaderString(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    /**
     * PostgreSQL refused a value the request carried (SQLSTATE class 22, data exception): the
     * caller's to fix, so a 400 that says what, without the statement.
     */
    private static String unstorableValue(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return switch (sql.getSQLState()) {
                    case "22021", "22P05" ->
                        "Text in the request contains a character that cannot be stored, "
                                + "such as NUL (U+0000) or an unpaired surrogate";
                    case "22001" -> "A text value in the request is longer than can be stored";
                    case "22003" -> "A number in the request is out of range";
                    case "22007", "22008" -> "A date or time in the request is out of range";
                    default -> null;
                };
            }
        }
        return null;
    }

    /**
     * A lost or refused database connection, a pool with none to give, or PostgreSQL shutting
     * down (SQLSTATE class 08, 57P01-57P03): the request may succeed when retried.
     */
    private static boolean databaseUnavailable(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                var state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (var t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
