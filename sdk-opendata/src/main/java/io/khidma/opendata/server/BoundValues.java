package io.khidma.opendata.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The values of a statement built from a caller's filters, named {@code p0, p1 ...} in the order
 * they are added, and how each is written into the SQL: as a bound placeholder ({@code :p0}), or
 * as whatever else the statement takes its values through ({@link CsvExport}'s settings, since
 * {@code COPY} binds nothing). A value is never written into the SQL itself.
 */
final class BoundValues {

    /** What stands in the SQL for the value named {@code name}. */
    interface Placeholder {
        String write(String name, Object value);
    }

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Placeholder placeholder;

    private BoundValues(Placeholder placeholder) {
        this.placeholder = placeholder;
    }

    /** Values written as named placeholders, for {@link #bindTo}. */
    static BoundValues named() {
        return new BoundValues((name, value) -> ":" + name);
    }

    /** Values written as {@code placeholder} writes them. */
    static BoundValues writtenAs(Placeholder placeholder) {
        return new BoundValues(placeholder);
    }

    /** Adds {@code value}; returns what stands for it in the SQL. */
    String add(Object value) {
        var name = "p" + values.size();
        values.put(name, value);
        return placeholder.write(name, value);
    }

    /** The values by name, in the order added. */
    Map<String, Object> byName() {
        return Collections.unmodifiableMap(values);
    }

    /** Binds every value to {@code statement} under its name. */
    void bindTo(SqlStatement<?> statement) {
        values.forEach(statement::bind);
    }
}
