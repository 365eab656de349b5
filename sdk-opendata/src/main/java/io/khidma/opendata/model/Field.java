package io.khidma.opendata.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A column of a dataset.
 *
 * @param filterable whether to index the field for fast filters (a Khidma extension of Table Schema)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Field(
        String name, FieldType type, String title, String description, Constraints constraints, Boolean filterable) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "field name must be a letter or _ then up to 62 letters, digits or _; was " + name);
        }
        constraints = constraints == null ? Constraints.NONE : constraints;
    }

    public static Field of(String name, FieldType type) {
        return new Field(name, type, null, null, null, null);
    }

    public Field with(Constraints newConstraints) {
        return new Field(name, type, title, description, newConstraints, filterable);
    }

    public Field indexed() {
        return new Field(name, type, title, description, constraints, true);
    }

    public boolean isFilterable() {
        return Boolean.TRUE.equals(filterable);
    }
}
