package io.khidma.core.problem;

import java.util.Objects;

/**
 * One reason a request was refused, tied to the input that caused it.
 *
 * @param field where the fault is: a JSON property path ({@code line_items[0].quantity}), a query
 *     parameter or a header name
 * @param code a stable machine-readable reason ({@code required}, {@code invalid-type}, {@code too-long})
 * @param detail a human-readable explanation
 */
public record FieldError(String field, String code, String detail) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
    }
}
