package io.khidma.opendata.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), with its own
 * camelCase names so Frictionless tools read it as it is.
 *
 * @param primaryKey fields whose values together identify a row: required and unique
 * @param missingValues cell values that mean "no value"; {@code [""]} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableSchema(
        List<Field> fields,
        @JsonProperty("primaryKey") List<String> primaryKey,
        @JsonProperty("missingValues") List<String> missingValues) {

    public TableSchema {
        Objects.requireNonNull(fields, "fields");
        fields = List.copyOf(fields);
        if (fields.isEmpty() || fields.size() > 200) {
            throw new IllegalArgumentException("a table schema has 1 to 200 fields");
        }
        var names = new HashSet<String>();
        for (var field : fields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("field " + field.name() + " appears twice");
            }
        }
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        for (var key : primaryKey) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("primaryKey names " + key + ", which is not a field");
            }
        }
        missingValues = missingValues == null ? List.of("") : List.copyOf(missingValues);
    }

    public static TableSchema of(Field... fields) {
        return new TableSchema(List.of(fields), null, null);
    }

    public TableSchema withPrimaryKey(String... key) {
        return new TableSchema(fields, List.of(key), missingValues);
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
