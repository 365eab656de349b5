package io.khidma.opendata.server;

import com.fasterxml.jackson.core.type.TypeReference;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The SQL of one version's typed table. The table is named by the server ({@link #newName}) and its
 * columns are {@code c0 ... cN} in schema order, plus {@code _row} (the record's number in the
 * file): no identifier ever comes from input. Field names in filters, sorts and projections are
 * looked up in the schema, and values are bound as parameters of the field's type.
 */
final class DataTable {

    private static final Pattern TABLE = Pattern.compile("opendata_data_[0-9a-f]{32}");

    private DataTable() {}

    static String newName() {
        return "opendata_data_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String checked(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a data table name: " + table);
        }
        return table;
    }

    static String column(int index) {
        return "c" + index;
    }

    static String createTable(String table, TableSchema schema) {
        var columns = IntStream.range(0, schema.fields().size())
                .mapToObj(i ->
                        column(i) + " " + Cells.sqlType(schema.fields().get(i).type()))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE %s (_row bigint NOT NULL, %s%s)"
                .formatted(checked(table), columns, searchable(schema) ? ", _search tsvector NOT NULL" : "");
    }

    static String copyStatement(String table, TableSchema schema) {
        var columns = IntStream.range(0, schema.fields().size())
                .mapToObj(DataTable::column)
                .collect(Collectors.joining(", "));
        return "COPY %s (_row, %s%s) FROM STDIN WITH (FORMAT csv)"
                .formatted(checked(table), columns, searchable(schema) ? ", _search" : "");
    }

    /**
     * Whether rows have a full-text column: when the schema has text fields. It holds the terms of
     * all of a row's text, analysed in Arabic and English as the catalogue's are.
     */
    static boolean searchable(TableSchema schema) {
        return schema.fields().stream().anyMatch(f -> f.type() == FieldType.STRING);
    }

    /** The file order, the primary key, and every field marked filterable, each with {@code _row} for keyset paging. */
    static List<String> indexStatements(String table, TableSchema schema) {
        var statements = new ArrayList<String>();
        statements.add("CREATE UNIQUE INDEX %1$s_row ON %1$s (_row)".formatted(checked(table)));
        if (!schema.primaryKey().isEmpty()) {
            var key = schema.primaryKey().stream()
                    .map(name -> column(schema.indexOf(name)))
                    .collect(Collectors.joining(", "));
            statements.add("CREATE UNIQUE INDEX %1$s_pk ON %1$s (%2$s)".formatted(table, key));
        }
        for (int i = 0; i < schema.fields().size(); i++) {
            if (schema.fields().get(i).isFilterable()) {
                statements.add("CREATE INDEX %1$s_%2$s ON %1$s (%2$s, _row)".formatted(table, column(i)));
            }
        }
        if (searchable(schema)) {
            statements.add(
                    "CREATE INDEX %1$s_search ON %1$s USING gin (_search) WITH (fastupdate = off)".formatted(table));
        }
        return statements;
    }

    /** The rows (their file numbers) that repeat an earlier row's value of {@code key}, the first ten. */
    static String duplicatesQuery(String table, TableSchema schema, List<String> key) {
        var columns = key.stream().map(name -> column(schema.indexOf(name))).toList();
        var present = columns.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "));
        return """
                SELECT repeated FROM (
                    SELECT (array_agg(_row ORDER BY _row))[2] AS repeated FROM %s WHERE %s
                     GROUP BY %s HAVING count(*) > 1) d
                 ORDER BY repeated LIMIT 10
                """.formatted(checked(table), present, String.join(", ", columns));
    }

    /** Drops a version's table and its daily rollup. */
    static String dropTable(String table) {
        return "DROP TABLE IF EXISTS " + checked(table) + ", " + DailyRollup.name(table);
    }

    // Queries

    /** A filter on one field, {@code <field>:<op>:<value>}; or, with op {@code search}, on the row's text. */
    record Filter(int field, String op, List<Object> values) {}

    /** One sort key: a field and its direction. */
    record Sort(int field, boolean descending) {}

    /**
     * Parses {@code filter} parameters against the schema, and the full-text query {@code q};
     * anything unknown or mistyped is a 400.
     */
    static List<Filter> filters(TableSchema schema, List<String> raw, String q) {
        var filters = new ArrayList<Filter>();
        if (q != null && !q.isBlank()) {
            if (!searchable(schema)) {
                throw badRequest("q", "the dataset has no text fields to search");
            }
            var tsquery = SearchAnalysis.standard().tsquery(q);
            // A query of stop words alone matches nothing rather than everything.
            filters.add(new Filter(-1, "search", tsquery == null ? List.of() : List.of(tsquery)));
        }
        if (raw == null) {
            return filters;
        }
        if (raw.size() > 20) {
            throw badRequest("filter", "at most 20 filters");
        }
        for (var text : raw) {
            var parts = text.split(":", 3);
            if (parts.length != 3) {
                throw badRequest("filter", "a filter is <field>:<op>:<value>, was " + Cells.shorten(text));
            }
            int index = fieldIndex(schema, "filter", parts[0]);
            var field = schema.fields().get(index);
            var op = parts[1];
            switch (op) {
                case "eq", "lt", "lte", "gt", "gte" ->
                    filters.add(new Filter(index, op, List.of(value(field, parts[2]))));
                case "in" -> {
                    var values = new ArrayList<Object>();
                    for (var item : parts[2].split("\\|", -1)) {
                        values.add(value(field, item));
                    }
                    if (values.size() > 100) {
                        throw badRequest("filter", "in takes at most 100 values");
                    }
                    filters.add(new Filter(index, op, values));
                }
                case "prefix" -> {
                    if (field.type() != FieldType.STRING) {
                        throw badRequest(
                                "filter",
                                "prefix is for text fields; " + field.name() + " is "
                                        + field.type().wireName());
                    }
                    filters.add(new Filter(index, op, List.of(parts[2])));
                }
                default ->
                    throw badRequest(
                            "filter", "op must be eq, in, lt, lte, gt, gte or prefix; was " + Cells.shorten(op));
            }
        }
        return filters;
    }

    /** A filter of rows whose field {@code name} equals one of {@code values} (CKAN's {@code filters}). */
    static Filter oneOf(TableSchema schema, String name, List<String> values) {
        if (values.isEmpty() || values.size() > 100) {
            throw badRequest("filters", name + ": 1 to 100 values");
        }
        var field = schema.fields().get(fieldIndex(schema, "filters", name));
        var parsed = new ArrayList<Object>();
        for (var value : values) {
            parsed.add(value(field, value));
        }
        return new Filter(schema.indexOf(name), parsed.size() == 1 ? "eq" : "in", parsed);
    }

    static List<Sort> sorts(TableSchema schema, String raw) {
        var sorts = new ArrayList<Sort>();
        if (raw == null || raw.isBlank()) {
            return sorts;
        }
        for (var part : raw.split(",")) {
            var name = part.trim();
            boolean descending = name.startsWith("-");
            sorts.add(new Sort(fieldIndex(schema, "sort", descending ? name.substring(1) : name), descending));
        }
        if (sorts.size() > 5) {
            throw badRequest("sort", "at most 5 sort fields");
        }
        return sorts;
    }

    static List<Integer> projection(TableSchema schema, String raw) {
        if (raw == null || raw.isBlank()) {
            return IntStream.range(0, schema.fields().size()).boxed().toList();
        }
        var indexes = new ArrayList<Integer>();
        for (var part : raw.split(",")) {
            int index = fieldIndex(schema, "fields", part.trim());
            if (!indexes.contains(index)) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    private static int fieldIndex(TableSchema schema, String parameter, String name) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw badRequest(parameter, "the dataset has no field " + Cells.shorten(name));
        }
        return index;
    }

    private static Object value(Field field, String text) {
        try {
            return Cells.parse(field.type(), text);
        } catch (Cells.Invalid e) {
            throw badRequest("filter", field.name() + ": " + e.getMessage());
        }
    }

    /** Where the previous page ended: the sort values of its last row (as text) and its number. */
    record Cursor(String sort, List<String> values, long row) {
        String encode() {
            try {
                return Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(KhidmaJson.mapper().writeValueAsBytes(this));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Cursor decode(String text, String sort) {
            Cursor cursor;
            try {
                cursor = KhidmaJson.mapper()
                        .readValue(Base64.getUrlDecoder().decode(text), new TypeReference<Cursor>() {});
            } catch (IOException | IllegalArgumentException e) {
                throw badRequest("cursor", "is not a cursor this API issued");
            }
            if (cursor == null
                    || cursor.values() == null
                    || !String.valueOf(sort).equals(String.valueOf(cursor.sort()))) {
                throw badRequest("cursor", "was issued for another sort; start again without it");
            }
            return cursor;
        }
    }

    /** A page of rows: at most {@code limit}, after {@code cursor}, and whether more follow. */
    record Page(List<Map<String, Object>> rows, Cursor next) {}

    static Page page(
            Handle h,
            String table,
            TableSchema schema,
            List<Filter> filters,
            List<Sort> sorts,
            String sortText,
            List<Integer> fields,
            Cursor after,
            long offset,
            int limit) {
        var where = new ArrayList<String>();
        var values = BoundValues.named();
        where(filters, where, values);
        if (after != null) {
            where.add(keyset(schema, sorts, after, values));
        }
        var order = new ArrayList<String>();
        for (var sort : sorts) {
            order.add("(" + column(sort.field()) + " IS NULL)");
            order.add(column(sort.field()) + (sort.descending() ? " DESC" : ""));
        }
        order.add("_row");
        // OFFSET is non-zero only for CKAN's offset paging: it reads and skips every earlier row,
        // where the keyset cursor starts at the right place in the index.
        var sql = "SELECT %s FROM %s%s ORDER BY %s LIMIT :limit OFFSET :offset"
                .formatted(selected(schema), checked(table), whereClause(where), String.join(", ", order));
        Query query = h.createQuery(sql).bind("limit", limit + 1).bind("offset", offset);
        values.bindTo(query);
        var rows = query.map((rs, ctx) -> row(rs, schema)).list();
        Cursor next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            var last = rows.get(limit - 1);
            var keys = new ArrayList<String>();
            for (var sort : sorts) {
                var value = last.values.get(sort.field());
                keys.add(value == null ? null : Cells.canonical(value));
            }
            next = new Cursor(sortText, keys, last.number);
        }
        var items = new ArrayList<Map<String, Object>>(rows.size());
        for (var row : rows) {
            var item = new LinkedHashMap<String, Object>();
            for (int index : fields) {
                item.put(schema.fields().get(index).name(), row.values.get(index));
            }
            items.add(item);
        }
        return new Page(items, next);
    }

    static long count(Handle h, String table, List<Filter> filters) {
        var where = new ArrayList<String>();
        var values = BoundValues.named();
        where(filters, where, values);
        var query = h.createQuery("SELECT count(*) FROM %s%s".formatted(checked(table), whereClause(where)));
        values.bindTo(query);
        return query.mapTo(Long.class).one();
    }

    /**
     * Receives exported rows one at a time: values in schema order, {@code null} where missing;
     * integers, numbers, years and dates may come as their canonical text.
     */
    interface RowSink {
        void row(List<Object> values) throws IOException;
    }

    /**
     * Sends the matching rows to {@code sink} in file order, read through a server-side cursor in
     * batches, so memory stays constant whatever the size; returns how many rows it sent.
     */
    static long export(Handle h, String table, TableSchema schema, List<Filter> filters, RowSink sink)
            throws IOException {
        var values = BoundValues.named();
        var query = h.createQuery(exportQuery(table, exported(schema), filters, values))
                .setFetchSize(5_000);
        values.bindTo(query);
        long count = 0;
        try (var rows = query.map((rs, ctx) -> cells(rs, schema)).iterator()) {
            while (rows.hasNext()) {
                sink.row(rows.next());
                count++;
            }
        }
        return count;
    }

    /**
     * {@code SELECT columns} of the rows matching {@code filters}, in file order; the filters' values
     * are added to {@code values}.
     */
    static String exportQuery(String table, String columns, List<Filter> filters, BoundValues values) {
        var where = new ArrayList<String>();
        where(filters, where, values);
        return "SELECT %s FROM %s%s ORDER BY _row".formatted(columns, checked(table), whereClause(where));
    }

    /** The conditions built by {@link #where}, as a {@code WHERE} clause; empty when there are none. */
    private static String whereClause(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void where(List<Filter> filters, List<String> where, BoundValues values) {
        for (var filter : filters) {
            where.add(condition(filter, values));
        }
    }

    /** The filter as a condition on its own field's column (a text search needs none). */
    static String condition(Filter filter, BoundValues values) {
        return condition(filter, filter.field() < 0 ? null : column(filter.field()), values);
    }

    /** The filter as a condition on {@code column} (the field's, or another holding its values). */
    static String condition(Filter filter, String column, BoundValues values) {
        return switch (filter.op()) {
            case "eq" -> column + " = " + values.add(filter.values().get(0));
            case "lt" -> column + " < " + values.add(filter.values().get(0));
            case "lte" -> column + " <= " + values.add(filter.values().get(0));
            case "gt" -> column + " > " + values.add(filter.values().get(0));
            case "gte" -> column + " >= " + values.add(filter.values().get(0));
            case "in" ->
                column + " IN (" + filter.values().stream().map(values::add).collect(Collectors.joining(", ")) + ")";
            case "prefix" -> {
                var escaped = ((String) filter.values().get(0))
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_");
                yield column + " LIKE " + values.add(escaped + "%") + " ESCAPE '\\'";
            }
            case "search" ->
                filter.values().isEmpty()
                        ? "false"
                        : "_search @@ to_tsquery('simple', "
                                + values.add(filter.values().get(0)) + ")";
            default -> throw new IllegalStateException("unknown op " + filter.op());
        };
    }

    /**
     * Rows after the cursor in the order {@code (c IS NULL), c [DESC]} per sort field, then {@code
     * _row}: nulls last in either direction, and a row never seen twice or skipped.
     */
    private static String keyset(TableSchema schema, List<Sort> sorts, Cursor after, BoundValues values) {
        if (after.values().size() != sorts.size()) {
            throw badRequest("cursor", "was issued for another sort; start again without it");
        }
        var alternatives = new ArrayList<String>();
        var equalSoFar = new ArrayList<String>();
        for (int k = 0; k < sorts.size(); k++) {
            var sort = sorts.get(k);
            var column = column(sort.field());
            var text = after.values().get(k);
            if (text == null) {
                // After a null: only later rows with the same null, by the next keys.
                equalSoFar.add(column + " IS NULL");
                continue;
            }
            Object value = value(schema.fields().get(sort.field()), text);
            var bound = values.add(value);
            var beyond = new ArrayList<>(equalSoFar);
            beyond.add("(" + column + (sort.descending() ? " < " : " > ") + bound + " OR " + column + " IS NULL)");
            alternatives.add("(" + String.join(" AND ", beyond) + ")");
            equalSoFar.add(column + " = " + bound);
        }
        var last = new ArrayList<>(equalSoFar);
        last.add("_row > " + values.add(after.row()));
        alternatives.add("(" + String.join(" AND ", last) + ")");
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    /** A stored row: its file number and its typed values in schema order. */
    private record Row(long number, List<Object> values) {}

    /**
     * The columns {@link #row} reads, by position: the row number, then every field's. Never the
     * {@code _search} vector, which only the database needs.
     */
    private static String selected(TableSchema schema) {
        var columns = new StringBuilder("_row");
        for (int i = 0; i < schema.fields().size(); i++) {
            columns.append(", ").append(column(i));
        }
        return columns.toString();
    }

    /**
     * The columns {@link #cells} reads: integers, numbers, years and dates cast to text in the
     * query, so that PostgreSQL sends its own text. Without the cast the driver switches a
     * statement it has run a few times to binary results, and then prints every such value itself.
     */
    private static String exported(TableSchema schema) {
        var columns = new StringBuilder("_row");
        for (int i = 0; i < schema.fields().size(); i++) {
            columns.append(", ").append(column(i));
            switch (schema.fields().get(i).type()) {
                case INTEGER, NUMBER, YEAR, DATE -> columns.append("::text");
                case STRING, BOOLEAN, DATETIME -> {}
            }
        }
        return columns.toString();
    }

    private static Row row(ResultSet rs, TableSchema schema) throws SQLException {
        var values = new ArrayList<Object>(schema.fields().size());
        for (int i = 0; i < schema.fields().size(); i++) {
            int column = i + 2;
            values.add(
                    switch (schema.fields().get(i).type()) {
                        case STRING -> rs.getString(column);
                        case INTEGER -> (Long) rs.getObject(column);
                        case NUMBER -> rs.getBigDecimal(column);
                        case BOOLEAN -> (Boolean) rs.getObject(column);
                        case DATE -> rs.getObject(column, LocalDate.class);
                        case DATETIME -> rs.getObject(column, OffsetDateTime.class);
                        case YEAR -> (Integer) rs.getObject(column);
                    });
        }
        return new Row(rs.getLong(1), values);
    }

    /**
     * A row for export: integers, numbers, years and dates as PostgreSQL's own text, which is
     * already their canonical form, so they are not parsed only to be printed again; booleans
     * and datetimes typed.
     */
    private static List<Object> cells(ResultSet rs, TableSchema schema) throws SQLException {
        var values = new ArrayList<Object>(schema.fields().size());
        for (int i = 0; i < schema.fields().size(); i++) {
            int column = i + 2;
            values.add(
                    switch (schema.fields().get(i).type()) {
                        case STRING, INTEGER, NUMBER, YEAR, DATE -> rs.getString(column);
                        case BOOLEAN -> (Boolean) rs.getObject(column);
                        case DATETIME -> rs.getObject(column, OffsetDateTime.class);
                    });
        }
        return values;
    }

    private static ProblemException badRequest(String parameter, String reason) {
        return ProblemException.of(
                ProblemType.INVALID_INPUT,
                parameter + ": " + reason,
                List.of(new FieldError(parameter, "invalid-value", reason)));
    }
}
