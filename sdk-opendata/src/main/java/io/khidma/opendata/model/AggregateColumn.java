package io.khidma.opendata.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One output of an aggregation.
 *
 * @param name how it was asked for, e.g. {@code emirate}, {@code month(date)} or {@code
 *     sum(fee_aed)}; the key of its value in each group
 * @param type the type of its values: a grouped field's own type, {@code date} for a date cut to a
 *     day, week, month or year (its first day), {@code integer} for counts, {@code number} for
 *     averages, and the field's type for sums, minima and maxima
 * @param role whether it groups or aggregates
 */
public record AggregateColumn(String name, FieldType type, Role role) {

    public enum Role {
        GROUP,
        AGGREGATE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Role of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public AggregateColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(role, "role");
    }
}
