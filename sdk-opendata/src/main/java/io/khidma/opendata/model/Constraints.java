package io.khidma.opendata.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Frictionless Table Schema constraints of a field, with Frictionless' own (camelCase) names.
 *
 * @param minimum a bound in the field's own type, as text ({@code 0}, {@code 2020-01-01})
 * @param pattern a regular expression the whole value must match
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Constraints(
        Boolean required,
        Boolean unique,
        String minimum,
        String maximum,
        @JsonProperty("minLength") Integer minLength,
        @JsonProperty("maxLength") Integer maxLength,
        String pattern,
        @JsonProperty("enum") List<String> allowed) {

    public static final Constraints NONE = new Constraints(null, null, null, null, null, null, null, null);

    public boolean isRequired() {
        return Boolean.TRUE.equals(required);
    }

    public boolean isUnique() {
        return Boolean.TRUE.equals(unique);
    }

    public Constraints withRequired(boolean value) {
        return new Constraints(value, unique, minimum, maximum, minLength, maxLength, pattern, allowed);
    }
}
