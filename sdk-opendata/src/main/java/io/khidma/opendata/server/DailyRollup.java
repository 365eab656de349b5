package io.khidma.opendata.server;

import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A version's daily rollup, built once when the version is loaded (a version never changes): for
 * each date or datetime field and each day (in UTC for datetimes), the number of rows, and for
 * each integer or number field how many values it has, their sum, minimum and maximum.
 *
 * <p>A thousand days of data make a few thousand rollup rows however many rows the version has,
 * so a count or sum by month reads those instead of every row. Columns: {@code field} (the date
 * field's index), {@code day}, {@code n}, then {@code n<k>}, {@code s<k>}, {@code lo<k>} and
 * {@code hi<k>} for numeric field {@code k}.
 */
final class DailyRollup {

    private DailyRollup() {}

    /** The rollup table of a version's table. */
    static String name(String table) {
        return DataTable.checked(table) + "_days";
    }

    /** Builds the rollup of a loaded table; false when the schema has no date field to roll up by. */
    static boolean build(Handle h, String table, TableSchema schema) {
        var dates = new ArrayList<Integer>();
        var numbers = new ArrayList<Integer>();
        for (int i = 0; i < schema.fields().size(); i++) {
            var type = schema.fields().get(i).type();
            if (type == FieldType.DATE || type == FieldType.DATETIME) {
                dates.add(i);
            } else if (numeric(type)) {
                numbers.add(i);
            }
        }
        if (dates.isEmpty()) {
            return false;
        }
        var selects = new ArrayList<String>();
        for (int date : dates) {
            var columns = new StringBuilder();
            columns.append(date)
                    .append("::smallint AS field, ")
                    .append(Aggregation.day(
                            DataTable.column(date), schema.fields().get(date).type()))
                    .append(" AS day, count(*) AS n");
            for (int k : numbers) {
                var c = DataTable.column(k);
                columns.append(
                        ", count(%1$s) AS n%2$d, sum(%1$s)::numeric AS s%2$d, min(%1$s) AS lo%2$d, max(%1$s) AS hi%2$d"
                                .formatted(c, k));
            }
            selects.add("SELECT " + columns + " FROM " + DataTable.checked(table) + " GROUP BY 2");
        }
        h.execute("CREATE TABLE " + name(table) + " AS " + String.join(" UNION ALL ", selects));
        h.execute("CREATE INDEX %1$s_key ON %1$s (field, day)".formatted(name(table)));
        h.execute("ANALYZE " + name(table));
        return true;
    }

    /**
     * The rollup as the source of {@code plan}, when it answers it exactly: every group a bucket
     * of one date field, every aggregate a count or a sum, average, minimum or maximum of a numeric
     * field, and filters (if any) only on that field when it is a date. Otherwise null.
     */
    static Aggregation.Source source(String rollup, TableSchema schema, Aggregation.Plan plan) {
        if (plan.groups().isEmpty()) {
            return null;
        }
        int date = plan.groups().get(0).field();
        for (var group : plan.groups()) {
            if (group.bucket() == null || group.field() != date) {
                return null;
            }
        }
        for (var measure : plan.measures()) {
            boolean fits =
                    switch (measure.statistic()) {
                        case COUNT -> true;
                        case SUM, AVG, MIN, MAX ->
                            numeric(schema.fields().get(measure.field()).type());
                        case COUNT_DISTINCT -> false;
                    };
            if (!fits) {
                return null;
            }
        }
        // A text search has no field (-1), and prefix is only for text: neither is on the date.
        for (var filter : plan.filters()) {
            if (filter.field() != date || schema.fields().get(date).type() != FieldType.DATE) {
                return null;
            }
        }
        return new Aggregation.Source() {
            @Override
            public String from() {
                return rollup;
            }

            @Override
            public List<String> conditions() {
                return List.of("field = " + date);
            }

            @Override
            public String group(Aggregation.Group group) {
                return Aggregation.bucketed(group.bucket(), "day");
            }

            @Override
            public String measure(Aggregation.Measure measure) {
                int k = measure.field();
                return switch (measure.statistic()) {
                    case COUNT -> "sum(n)::bigint";
                    case SUM -> "sum(s" + k + ")";
                    case AVG -> "(sum(s" + k + ") / nullif(sum(n" + k + "), 0))";
                    case MIN -> "min(lo" + k + ")";
                    case MAX -> "max(hi" + k + ")";
                    case COUNT_DISTINCT -> throw new IllegalStateException("not from the rollup");
                };
            }

            @Override
            public String filter(DataTable.Filter filter, BoundValues values) {
                return DataTable.condition(filter, "day", values);
            }
        };
    }

    private static boolean numeric(FieldType type) {
        return type == FieldType.INTEGER || type == FieldType.NUMBER;
    }
}
