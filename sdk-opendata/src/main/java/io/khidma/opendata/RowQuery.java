package io.khidma.opendata;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which rows of a dataset to read, and how. Immutable: each method returns a new query. Filters
 * name fields of the dataset's schema; the server answers a 400 for any it does not have.
 *
 * <pre>{@code
 * var query = RowQuery.all().eq("emirate", "دبي").gte("rating", 4).sort("-rating").fields("name_ar", "rating");
 * }</pre>
 *
 * @param version the version to read; the latest when {@code null}
 * @param filters each {@code <field>:<op>:<value>}, all of which must hold
 * @param text full-text search in the rows' text fields
 * @param sort fields separated by commas, {@code -} before one for descending
 * @param fields the fields to return, separated by commas; all when {@code null}
 * @param pageSize rows per request, 1 to 1,000; the server's default when {@code null}
 */
public record RowQuery(
        Integer version, List<String> filters, String text, String sort, String fields, Integer pageSize) {

    public RowQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (filters.size() > 20) {
            throw new IllegalArgumentException("at most 20 filters");
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version numbers start at 1");
        }
        if (pageSize != null && (pageSize < 1 || pageSize > 1000)) {
            throw new IllegalArgumentException("pageSize must be 1 to 1000");
        }
    }

    /** Every row of the latest version, in file order. */
    public static RowQuery all() {
        return new RowQuery(null, List.of(), null, null, null, null);
    }

    public RowQuery version(int number) {
        return new RowQuery(number, filters, text, sort, fields, pageSize);
    }

    public RowQuery eq(String field, Object value) {
        return filter(field, "eq", value);
    }

    /** The field equals one of {@code values}. */
    public RowQuery in(String field, List<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("in needs at least one value");
        }
        for (var value : values) {
            if (String.valueOf(value).contains("|")) {
                throw new IllegalArgumentException("values of in cannot contain |");
            }
        }
        return filter(field, "in", values.stream().map(String::valueOf).collect(Collectors.joining("|")));
    }

    public RowQuery lt(String field, Object value) {
        return filter(field, "lt", value);
    }

    public RowQuery lte(String field, Object value) {
        return filter(field, "lte", value);
    }

    public RowQuery gt(String field, Object value) {
        return filter(field, "gt", value);
    }

    public RowQuery gte(String field, Object value) {
        return filter(field, "gte", value);
    }

    /** A text field starts with {@code value}. */
    public RowQuery prefix(String field, String value) {
        return filter(field, "prefix", value);
    }

    /** Rows whose text fields contain every word of {@code words}, in Arabic or English. */
    public RowQuery text(String words) {
        return new RowQuery(version, filters, words, sort, fields, pageSize);
    }

    /** e.g. {@code sort("-rating", "name_en")}. */
    public RowQuery sort(String... sortFields) {
        return new RowQuery(version, filters, text, String.join(",", sortFields), fields, pageSize);
    }

    public RowQuery fields(String... names) {
        return new RowQuery(version, filters, text, sort, String.join(",", names), pageSize);
    }

    public RowQuery pageSize(int size) {
        return new RowQuery(version, filters, text, sort, fields, size);
    }

    private RowQuery filter(String field, String op, Object value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (field.isEmpty() || field.contains(":")) {
            throw new IllegalArgumentException("not a field name: " + field);
        }
        var more = new ArrayList<>(filters);
        more.add(field + ":" + op + ":" + value);
        return new RowQuery(version, more, text, sort, fields, pageSize);
    }
}
