package io.khidma.opendata.server;

import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.AggregateColumn;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * A group-by query over one version's typed table: groups by fields (dates also by day, week,
 * month or year), with {@code count}, {@code count_distinct}, {@code sum}, {@code avg}, {@code
 * min} and {@code max}, filters as on rows, {@code having} on the aggregates, an order over any
 * output and a limit.
 *
 * <p>Every output is named by how it is asked for ({@code emirate}, {@code month(date)}, {@code
 * sum(fee_aed)}), and that name is how {@code having} and {@code order} refer to it. Field names
 * are looked up in the schema and functions in a fixed list, so only the table's own columns and
 * SQL written here reach the database; every value is a bound parameter.
 *
 * <p>A query that groups only by buckets of one date field, with counts, sums, averages, minima
 * and maxima of numeric fields and at most filters on that date, is answered from the version's
 * {@link DailyRollup} (a few rows a day) instead of its rows.
 */
final class Aggregation {

    static final int MAX_GROUPS = 5;
    static final int MAX_MEASURES = 10;
    static final int MAX_HAVING = 5;
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;

    /** What a date field is cut to when it groups. */
    enum Bucket {
        DAY,
        WEEK,
        MONTH,
        YEAR;

        String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The aggregate functions, and the field types each takes. */
    enum Statistic {
        COUNT,
        COUNT_DISTINCT,
        SUM,
        AVG,
        MIN,
        MAX;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean takes(FieldType type) {
            return switch (this) {
                case COUNT, COUNT_DISTINCT -> true;
                case SUM, AVG -> type == FieldType.INTEGER || type == FieldType.NUMBER;
                case MIN, MAX ->
                    type == FieldType.INTEGER
                            || type == FieldType.NUMBER
                            || type == FieldType.DATE
                            || type == FieldType.DATETIME
                            || type == FieldType.YEAR;
            };
        }

        /** The type of its result over a field of {@code type}. */
        FieldType resultType(FieldType type) {
            return switch (this) {
                case COUNT, COUNT_DISTINCT -> FieldType.INTEGER;
                case SUM, MIN, MAX -> type;
                case AVG -> FieldType.NUMBER;
            };
        }
    }

    /** An output that groups: a field ({@code bucket} null) or a date field cut to a bucket. */
    record Group(int field, FieldType fieldType, Bucket bucket, String name) {
        /** The type of its values: the field's, or a date (the bucket's first day). */
        FieldType type() {
            return bucket == null ? fieldType : FieldType.DATE;
        }
    }

    /** An output that aggregates; {@code field} is -1 for {@code count}. */
    record Measure(Statistic statistic, int field, String name, FieldType type) {}

    /** A condition on an aggregate: {@code measure} indexes {@link Plan#measures}. */
    record Having(int measure, String op, Object value) {}

    /** One key of the order: {@code output} indexes the groups, then the measures. */
    record Order(int output, boolean descending) {}

    /** A parsed, checked aggregation, ready to run. */
    record Plan(
            List<Group> groups,
            List<Measure> measures,
            List<DataTable.Filter> filters,
            List<Having> having,
            List<Order> order,
            int limit,
            long offset) {

        List<AggregateColumn> columns() {
            var columns = new ArrayList<AggregateColumn>();
            groups.forEach(g -> columns.add(new AggregateColumn(g.name(), g.type(), AggregateColumn.Role.GROUP)));
            measures.forEach(m -> columns.add(new AggregateColumn(m.name(), m.type(), AggregateColumn.Role.AGGREGATE)));
            return columns;
        }
    }

    private static final Pattern CALL = Pattern.compile("([a-z_]+)\\(\\s*([^()]*?)\\s*\\)");
    private static final Set<String> COMPARISONS = Set.of("eq", "lt", "lte", "gt", "gte");

    private Aggregation() {}

    /**
     * Parses and checks the parameters against the schema; anything unknown, mistyped or over a
     * limit is a 400 naming the parameter.
     */
    static Plan plan(
            TableSchema schema,
            String groupBy,
            String aggregate,
            List<String> filter,
            String q,
            List<String> having,
            String order,
            Integer limit) {
        var groups = groups(schema, groupBy);
        var measures = measures(schema, aggregate);
        var names = new HashSet<String>();
        groups.forEach(g -> unique(names, "group_by", g.name()));
        measures.forEach(m -> unique(names, "aggregate", m.name()));
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        return new Plan(
                groups,
                measures,
                DataTable.filters(schema, filter, q),
                having(measures, having),
                order("order", groups, measures, order),
                size,
                0);
    }

    /**
     * CKAN's {@code datastore_search} with {@code distinct}: the distinct combinations of the
     * projected fields among the filtered rows, ordered by {@code sort} ({@code a,-b}, fields of
     * the projection) and then by every field, from {@code offset}.
     */
    static Plan distinct(
            TableSchema schema,
            List<Integer> projection,
            List<DataTable.Filter> filters,
            String sort,
            int limit,
            long offset) {
        var groups = new ArrayList<Group>();
        for (int index : projection) {
            var field = schema.fields().get(index);
            groups.add(new Group(index, field.type(), null, field.name()));
        }
        return new Plan(groups, List.of(), filters, List.of(), order("sort", groups, List.of(), sort), limit, offset);
    }

    private static List<Group> groups(TableSchema schema, String raw) {
        var groups = new ArrayList<Group>();
        if (raw == null || raw.isBlank()) {
            return groups;
        }
        for (var part : raw.split(",", -1)) {
            var term = part.trim();
            var call = CALL.matcher(term);
            if (call.matches()) {
                var bucket = bucket(call.group(1));
                int index = field(schema, "group_by", call.group(2));
                var type = schema.fields().get(index).type();
                if (type != FieldType.DATE && type != FieldType.DATETIME) {
                    throw invalid(
                            "group_by",
                            call.group(1) + "() is for date and datetime fields; " + call.group(2) + " is "
                                    + type.wireName());
                }
                groups.add(new Group(index, type, bucket, bucket.sqlName() + "(" + call.group(2) + ")"));
            } else {
                int index = field(schema, "group_by", term);
                groups.add(new Group(index, schema.fields().get(index).type(), null, term));
            }
        }
        if (groups.size() > MAX_GROUPS) {
            throw invalid("group_by", "at most " + MAX_GROUPS + " groups");
        }
        return groups;
    }

    private static Bucket bucket(String name) {
        for (var bucket : Bucket.values()) {
            if (bucket.sqlName().equals(name)) {
                return bucket;
            }
        }
        throw invalid(
                "group_by", "a date groups by day(), week(), month() or year(), not " + Cells.shorten(name) + "()");
    }

    private static List<Measure> measures(TableSchema schema, String raw) {
        var measures = new ArrayList<Measure>();
        if (raw == null || raw.isBlank()) {
            measures.add(new Measure(Statistic.COUNT, -1, "count", FieldType.INTEGER));
            return measures;
        }
        for (var part : raw.split(",", -1)) {
            var term = part.trim();
            if (term.equals("count") || term.equals("count(*)")) {
                measures.add(new Measure(Statistic.COUNT, -1, "count", FieldType.INTEGER));
                continue;
            }
            var call = CALL.matcher(term);
            if (!call.matches()) {
                throw invalid("aggregate", "an aggregate is count or <function>(<field>), was " + Cells.shorten(term));
            }
            var statistic = statistic(call.group(1));
            int index = field(schema, "aggregate", call.group(2));
            var type = schema.fields().get(index).type();
            if (!statistic.takes(type)) {
                throw invalid(
                        "aggregate",
                        statistic.wireName() + "() does not take " + type.wireName() + " fields such as "
                                + call.group(2));
            }
            measures.add(new Measure(
                    statistic, index, statistic.wireName() + "(" + call.group(2) + ")", statistic.resultType(type)));
        }
        if (measures.size() > MAX_MEASURES) {
            throw invalid("aggregate", "at most " + MAX_MEASURES + " aggregates");
        }
        return measures;
    }

    private static Statistic statistic(String name) {
        for (var statistic : Statistic.values()) {
            if (statistic.wireName().equals(name) && statistic != Statistic.COUNT) {
                return statistic;
            }
        }
        throw invalid(
                "aggregate",
                "the functions are count, count_distinct, sum, avg, min and max; not " + Cells.shorten(name));
    }

    private static List<Having> having(List<Measure> measures, List<String> raw) {
        var conditions = new ArrayList<Having>();
        if (raw == null) {
            return conditions;
        }
        if (raw.size() > MAX_HAVING) {
            throw invalid("having", "at most " + MAX_HAVING + " conditions");
        }
        for (var text : raw) {
            var parts = text.split(":", 3);
            if (parts.length != 3) {
                throw invalid("having", "a condition is <aggregate>:<op>:<value>, was " + Cells.shorten(text));
            }
            int measure = -1;
            for (int i = 0; i < measures.size(); i++) {
                if (measures.get(i).name().equals(parts[0])) {
                    measure = i;
                }
            }
            if (measure < 0) {
                throw invalid("having", Cells.shorten(parts[0]) + " is not one of the aggregates asked for");
            }
            if (!COMPARISONS.contains(parts[1])) {
                throw invalid("having", "op must be eq, lt, lte, gt or gte; was " + Cells.shorten(parts[1]));
            }
            Object value;
            try {
                value = Cells.parse(measures.get(measure).type(), parts[2]);
            } catch (Cells.Invalid e) {
                throw invalid("having", parts[0] + ": " + e.getMessage());
            }
            conditions.add(new Having(measure, parts[1], value));
        }
        return conditions;
    }

    private static List<Order> order(String parameter, List<Group> groups, List<Measure> measures, String raw) {
        var order = new ArrayList<Order>();
        if (raw == null || raw.isBlank()) {
            return order;
        }
        for (var part : raw.split(",", -1)) {
            var term = part.trim();
            boolean descending = term.startsWith("-");
            var name = descending ? term.substring(1).trim() : term;
            int output = -1;
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).name().equals(name)) {
                    output = i;
                }
            }
            for (int i = 0; i < measures.size(); i++) {
                if (measures.get(i).name().equals(name)) {
                    output = groups.size() + i;
                }
            }
            if (output < 0) {
                throw invalid(parameter, Cells.shorten(name) + " is not one of the outputs asked for");
            }
            order.add(new Order(output, descending));
        }
        if (order.size() > MAX_GROUPS + MAX_MEASURES) {
            throw invalid(parameter, "too many keys");
        }
        return order;
    }

    // Running

    /** The outputs, one map per group in order, and how many groups there are when asked. */
    record Result(List<Map<String, Object>> groups, Long total) {}

    /**
     * Runs the plan on {@code table}, or on its daily rollup when that answers it; {@code
     * includeTotal} also counts the groups (before the limit).
     */
    static Result run(Handle h, String table, String rollup, TableSchema schema, Plan plan, boolean includeTotal) {
        var source = rollup != null ? DailyRollup.source(rollup, schema, plan) : null;
        if (source == null) {
            source = Source.rows(table);
        }
        var values = BoundValues.named();
        var select = new ArrayList<String>();
        for (var group : plan.groups()) {
            select.add(source.group(group));
        }
        for (var measure : plan.measures()) {
            select.add(source.measure(measure));
        }
        var where = new ArrayList<String>(source.conditions());
        for (var filter : plan.filters()) {
            where.add(source.filter(filter, values));
        }
        var sql = new StringBuilder("SELECT ");
        for (int i = 0; i < select.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(select.get(i)).append(" AS o").append(i);
        }
        sql.append(" FROM ").append(source.from());
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!plan.groups().isEmpty()) {
            sql.append(" GROUP BY ");
            for (int i = 0; i < plan.groups().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(i + 1);
            }
        }
        if (!plan.having().isEmpty()) {
            var conditions = new ArrayList<String>();
            for (var condition : plan.having()) {
                conditions.add(select.get(plan.groups().size() + condition.measure()) + " " + operator(condition.op())
                        + " " + values.add(condition.value()));
            }
            sql.append(" HAVING ").append(String.join(" AND ", conditions));
        }
        var grouped = sql.toString();
        var keys = new ArrayList<String>();
        var ordered = new HashSet<Integer>();
        for (var key : plan.order()) {
            if (ordered.add(key.output())) {
                keys.add((key.output() + 1) + (key.descending() ? " DESC" : "") + " NULLS LAST");
            }
        }
        // Groups break every tie, so a page is the same on every call.
        for (int i = 0; i < plan.groups().size(); i++) {
            if (ordered.add(i)) {
                keys.add((i + 1) + " NULLS LAST");
            }
        }
        var statement = grouped + (keys.isEmpty() ? "" : " ORDER BY " + String.join(", ", keys))
                + " LIMIT :limit OFFSET :offset";
        Query query = h.createQuery(statement).bind("limit", plan.limit()).bind("offset", plan.offset());
        values.bindTo(query);
        var columns = plan.columns();
        var rows = query.map((rs, ctx) -> row(rs, columns)).list();
        Long total = null;
        if (includeTotal) {
            var count = h.createQuery("SELECT count(*) FROM (" + grouped + ") g");
            values.bindTo(count);
            total = count.mapTo(Long.class).one();
        }
        return new Result(rows, total);
    }

    /** Where an aggregation reads from: the version's rows, or its rollup. */
    interface Source {
        String from();

        /** Conditions every query on this source has. */
        List<String> conditions();

        String group(Group group);

        String measure(Measure measure);

        String filter(DataTable.Filter filter, BoundValues values);

        static Source rows(String table) {
            return new Source() {
                @Override
                public String from() {
                    return DataTable.checked(table);
                }

                @Override
                public List<String> conditions() {
                    return List.of();
                }

                @Override
                public String group(Group group) {
                    var column = DataTable.column(group.field());
                    return group.bucket() == null ? column : bucketed(group.bucket(), day(column, group.fieldType()));
                }

                @Override
                public String measure(Measure measure) {
                    var column = measure.field() < 0 ? null : DataTable.column(measure.field());
                    return switch (measure.statistic()) {
                        case COUNT -> "count(*)";
                        case COUNT_DISTINCT -> "count(DISTINCT " + column + ")";
                        case SUM -> "sum(" + column + ")";
                        // As the rollup computes it, so both give the same digits.
                        case AVG -> "(sum(" + column + ")::numeric / nullif(count(" + column + "), 0))";
                        case MIN -> "min(" + column + ")";
                        case MAX -> "max(" + column + ")";
                    };
                }

                @Override
                public String filter(DataTable.Filter filter, BoundValues values) {
                    return DataTable.condition(filter, values);
                }
            };
        }
    }

    /** The day of a date or datetime column; a datetime's day is its day in UTC. */
    static String day(String column, FieldType type) {
        return type == FieldType.DATETIME ? "(" + column + " AT TIME ZONE 'UTC')::date" : column;
    }

    /** {@code day} (a date) cut to {@code bucket}, as a date. */
    static String bucketed(Bucket bucket, String day) {
        return bucket == Bucket.DAY ? day : "date_trunc('" + bucket.sqlName() + "', " + day + ")::date";
    }

    static String operator(String op) {
        return switch (op) {
            case "eq" -> "=";
            case "lt" -> "<";
            case "lte" -> "<=";
            case "gt" -> ">";
            case "gte" -> ">=";
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    private static Map<String, Object> row(ResultSet rs, List<AggregateColumn> columns) throws SQLException {
        var row = new LinkedHashMap<String, Object>();
        for (int i = 0; i < columns.size(); i++) {
            int column = i + 1;
            var type = columns.get(i).type();
            row.put(
                    columns.get(i).name(),
                    switch (type) {
                        case STRING -> rs.getString(column);
                        case INTEGER, NUMBER -> rs.getBigDecimal(column);
                        case BOOLEAN -> (Boolean) rs.getObject(column);
                        case DATE -> rs.getObject(column, LocalDate.class);
                        case DATETIME -> rs.getObject(column, OffsetDateTime.class);
                        case YEAR -> (Integer) rs.getObject(column);
                    });
        }
        return row;
    }

    private static int field(TableSchema schema, String parameter, String name) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw invalid(parameter, "the dataset has no field " + Cells.shorten(name));
        }
        return index;
    }

    private static void unique(Set<String> names, String parameter, String name) {
        if (!names.add(name)) {
            throw invalid(parameter, name + " is asked for twice");
        }
    }

    private static ProblemException invalid(String parameter, String reason) {
        return ProblemException.of(
                ProblemType.INVALID_INPUT,
                parameter + ": " + reason,
                List.of(new FieldError(parameter, "invalid-value", reason)));
    }
}
