package io.khidma.core.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document: what every Khidma API answers when it refuses a request.
 *
 * <p>{@code type} is a stable URI per kind of problem and {@code code} its short name (see {@link
 * ProblemType}), so callers can switch on either. {@code errors} lists field-level reasons for
 * validation failures.
 *
 * @param type identifies the kind of problem; {@code about:blank} when the server gave none
 * @param title a short human-readable summary of the kind of problem
 * @param status the HTTP status code, or {@code 0} when no response was received at all
 * @param detail an explanation of this occurrence
 * @param instance identifies this occurrence (the request path)
 * @param code the stable short name of {@code type}
 * @param errors field-level reasons, empty when there are none
 * @param traceId the W3C trace id of the request, when the server traces: the id to find it by in
 *     the traces and logs
 */
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        URI instance,
        String code,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) {

    public static final URI ABOUT_BLANK = URI.create("about:blank");

    public Problem {
        type = type == null ? ABOUT_BLANK : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Problem(
            URI type, String title, int status, String detail, URI instance, String code, List<FieldError> errors) {
        this(type, title, status, detail, instance, code, errors, null);
    }

    /**
     * A problem of a module's own kind: its type is {@link ProblemType#BASE} and {@code code}, e.g.
     * {@code illegal-transition} or {@code slot-full}.
     */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(URI.create(ProblemType.BASE + code), title, status, detail, null, code, List.of());
    }

    /** A problem of a known type, titled in English. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, type.code(), List.of());
    }

    /** A problem of a known type carrying field-level reasons. */
    public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, type.code(), errors);
    }

    public Problem withInstance(URI newInstance) {
        return new Problem(type, title, status, detail, newInstance, code, errors, traceId);
    }

    public Problem withTitle(String newTitle) {
        return new Problem(type, Objects.requireNonNull(newTitle), status, detail, instance, code, errors, traceId);
    }

    public Problem withTraceId(String newTraceId) {
        return new Problem(type, title, status, detail, instance, code, errors, newTraceId);
    }
}
