package io.khidma.opendata.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups an aggregation found, each a map from output name to value, typed by its column:
 * {@code string} as {@link String}, {@code integer} as {@link Long} (or {@link BigInteger} past
 * its range), {@code number} as {@link BigDecimal}, {@code boolean} as {@link Boolean}, {@code
 * date} as {@link LocalDate}, {@code datetime} as {@link OffsetDateTime} and {@code year} as
 * {@link Integer}. A group whose value is missing (no date, say) has {@code null} there.
 *
 * @param version the version aggregated
 * @param columns the outputs: the groups first, then the aggregates, as asked
 * @param groups in the order asked for (by the groups when none was)
 * @param total how many groups there are in all, before the limit, when asked for
 */
public record AggregateResult(
        int version, List<AggregateColumn> columns, List<Map<String, Object>> groups, Long total) {

    public AggregateResult {
        columns = List.copyOf(columns);
        var typed = new ArrayList<Map<String, Object>>(groups == null ? 0 : groups.size());
        if (groups != null) {
            for (var group : groups) {
                var values = new LinkedHashMap<String, Object>();
                for (var column : columns) {
                    values.put(column.name(), typed(column.type(), group.get(column.name())));
                }
                typed.add(Collections.unmodifiableMap(values));
            }
        }
        groups = Collections.unmodifiableList(typed);
    }

    /** The values of one output, group by group. */
    public List<Object> column(String name) {
        if (columns.stream().noneMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("no output named " + name);
        }
        return groups.stream().map(g -> g.get(name)).toList();
    }

    private static Object typed(FieldType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case STRING -> value.toString();
            case INTEGER -> {
                var exact = new BigDecimal(value.toString()).toBigIntegerExact();
                yield exact.bitLength() < 64 ? (Object) exact.longValue() : exact;
            }
            case NUMBER -> value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.valueOf(value.toString());
            case DATE -> value instanceof LocalDate date ? date : LocalDate.parse(value.toString());
            case DATETIME -> value instanceof OffsetDateTime at ? at : OffsetDateTime.parse(value.toString());
            case YEAR -> value instanceof Integer year ? year : Integer.valueOf(value.toString());
        };
    }
}
