package io.khidma.core.server;

import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by server code to answer with a problem document; {@link ProblemMapper} writes it.
 *
 * <pre>{@code
 * throw ProblemException.of(ProblemType.NOT_FOUND, "no service with id " + id);
 * }</pre>
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail() == null ? problem.title() : problem.detail(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(Problem.of(type, detail));
    }

    public static ProblemException of(ProblemType type, String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(type, detail, errors));
    }

    /** A 400 {@code invalid-input} naming one field and what is wrong with it. */
    public static ProblemException invalid(String field, String reason) {
        return of(
                ProblemType.INVALID_INPUT,
                field + " " + reason,
                List.of(new FieldError(field, "invalid-value", reason)));
    }

    /**
     * The request's body, or a 400 {@code invalid-input} naming it as missing: JAX-RS passes
     * {@code null} for an operation's body when the request has none.
     */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw of(
                    ProblemType.INVALID_INPUT,
                    "The request needs a JSON body",
                    List.of(new FieldError("$", "required", "body is required")));
        }
        return body;
    }

    /** A copy that also sends this response header (e.g. {@code Retry-After}, {@code WWW-Authenticate}). */
    public ProblemException withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(problem, more);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
