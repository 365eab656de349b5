package io.khidma.opendata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An aggregation of a dataset's rows: what to group by, what to compute per group, which groups to
 * keep, their order and how many. Immutable: each method returns a new query. Every output is named
 * as it is asked for ({@code emirate}, {@code month(date)}, {@code sum(fee_aed)}), and {@link
 * #having} and {@link #orderBy} name outputs that way.
 *
 * <pre>{@code
 * var query = AggregateQuery.groupBy("emirate")
 *         .by(AggregateQuery.Period.MONTH, "date")
 *         .count()
 *         .sum("fee_aed")
 *         .where(RowQuery.all().eq("channel", "kiosk"))
 *         .having("count", AggregateQuery.Comparison.GT, 100)
 *         .orderBy("-sum(fee_aed)")
 *         .limit(10);
 * }</pre>
 *
 * @param rows which rows (filters, text search, version); every row of the latest version by default
 * @param groups fields, or {@code <period>(<date field>)}
 * @param aggregates {@code count} or {@code <function>(<field>)}; {@code count} when empty
 * @param having {@code <aggregate>:<op>:<value>}, all of which a group must meet
 * @param order outputs, {@code -} before one for descending; by the groups when empty
 * @param limit at most this many groups, 1 to 10,000; the server's default (1,000) when {@code null}
 * @param includeTotal whether to count every group as well
 */
public record AggregateQuery(
        RowQuery rows,
        List<String> groups,
        List<String> aggregates,
        List<String> having,
        List<String> order,
        Integer limit,
        boolean includeTotal) {

    /** What a date is cut to when it groups; a group's value is the period's first day. */
    public enum Period {
        DAY,
        WEEK,
        MONTH,
        YEAR
    }

    /** How {@link #having} compares an aggregate with a value. */
    public enum Comparison {
        EQ,
        LT,
        LTE,
        GT,
        GTE
    }

    public AggregateQuery {
        rows = rows == null ? RowQuery.all() : rows;
        groups = List.copyOf(groups);
        aggregates = List.copyOf(aggregates);
        having = List.copyOf(having);
        order = List.copyOf(order);
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw new IllegalArgumentException("limit must be 1 to 10000");
        }
    }

    /** Groups by these fields (none: one group of all the rows). */
    public static AggregateQuery groupBy(String... fields) {
        var query = new AggregateQuery(null, List.of(), List.of(), List.of(), List.of(), null, false);
        for (var field : fields) {
            query = query.group(field(field));
        }
        return query;
    }

    /** Also groups by a date or datetime field cut to {@code period} (a datetime's day in UTC). */
    public AggregateQuery by(Period period, String dateField) {
        return group(period.name().toLowerCase(Locale.ROOT) + "(" + field(dateField) + ")");
    }

    /** Counts the rows of each group. */
    public AggregateQuery count() {
        return measure("count");
    }

    /** Counts the distinct values of {@code field} in each group. */
    public AggregateQuery countDistinct(String field) {
        return measure("count_distinct(" + field(field) + ")");
    }

    /** Sums an integer or number field. */
    public AggregateQuery sum(String field) {
        return measure("sum(" + field(field) + ")");
    }

    /** Averages an integer or number field. */
    public AggregateQuery avg(String field) {
        return measure("avg(" + field(field) + ")");
    }

    /** The least value of an integer, number, year, date or datetime field. */
    public AggregateQuery min(String field) {
        return measure("min(" + field(field) + ")");
    }

    /** The greatest value of an integer, number, year, date or datetime field. */
    public AggregateQuery max(String field) {
        return measure("max(" + field(field) + ")");
    }

    /** Aggregates only the rows {@code rows} chooses (its filters, text and version; not its sort). */
    public AggregateQuery where(RowQuery rows) {
        return new AggregateQuery(rows, groups, aggregates, having, order, limit, includeTotal);
    }

    /** Keeps only groups whose {@code aggregate} (as named, e.g. {@code count}) compares so with {@code value}. */
    public AggregateQuery having(String aggregate, Comparison comparison, Object value) {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(value, "value");
        if (aggregate.contains(":")) {
            throw new IllegalArgumentException("not an aggregate: " + aggregate);
        }
        var more = new ArrayList<>(having);
        more.add(aggregate + ":" + comparison.name().toLowerCase(Locale.ROOT) + ":" + value);
        return new AggregateQuery(rows, groups, aggregates, more, order, limit, includeTotal);
    }

    /** e.g. {@code orderBy("-count", "emirate")}. */
    public AggregateQuery orderBy(String... outputs) {
        return new AggregateQuery(rows, groups, aggregates, having, List.of(outputs), limit, includeTotal);
    }

    public AggregateQuery limit(int groups) {
        return new AggregateQuery(rows, this.groups, aggregates, having, order, groups, includeTotal);
    }

    /** Also counts every group, before the limit. */
    public AggregateQuery withTotal() {
        return new AggregateQuery(rows, groups, aggregates, having, order, limit, true);
    }

    private AggregateQuery measure(String aggregate) {
        var more = new ArrayList<>(aggregates);
        more.add(aggregate);
        return new AggregateQuery(rows, groups, more, having, order, limit, includeTotal);
    }

    private AggregateQuery group(String group) {
        var more = new ArrayList<>(groups);
        more.add(group);
        return new AggregateQuery(rows, more, aggregates, having, order, limit, includeTotal);
    }

    private static String field(String name) {
        Objects.requireNonNull(name, "field");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a field name: " + name);
        }
        return name;
    }
}
