package io.khidma.opendata.server;

import io.khidma.core.tracing.SqlSpans;
import io.khidma.opendata.model.TableSchema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The CSV export, written by PostgreSQL itself: {@code COPY (SELECT ...) TO STDOUT (FORMAT csv)},
 * whose bytes go to the client as they come. Java writes only the header and turns each row's line
 * end into CRLF. The {@code SELECT} prints every value as the other formats do, where PostgreSQL's
 * own text differs:
 *
 * <ul>
 *   <li>booleans {@code true}/{@code false}, not {@code t}/{@code f};
 *   <li>datetimes in UTC as ISO 8601 with {@code Z}, seconds and fraction only when not zero (as
 *       {@link OffsetDateTime#toString} prints them);
 *   <li>text starting with {@code = + - @} after a {@code '} when neutralising formulas, looked
 *       for only in the fields where the loader saw such a value ({@link
 *       VersionLoader.Loaded#formulaFields}).
 * </ul>
 *
 * PostgreSQL quotes a cell as RFC 4180 asks, and an empty text as {@code ""} so that it differs
 * from a missing value. The one difference from the other writers: a lone {@code \.} in a
 * one-column export is quoted, which reads the same.
 *
 * <p>{@code COPY} takes no parameters, so the filters' values are set first as settings local to
 * the transaction ({@code set_config}, bound) and the query reads them back with {@code
 * current_setting}, cast to the value's type: no value is ever written into the SQL.
 */
final class CsvExport {

    private static final String SETTING = "khidma.export_";
    private static final byte[] CRLF = {'\r', '\n'};
    /** {@link ExportFormat#FORMULA_STARTS} as the code points {@code ascii()} gives. */
    private static final String FORMULA_CODE_POINTS =
            ExportFormat.FORMULA_STARTS.chars().mapToObj(Integer::toString).collect(Collectors.joining(", "));

    private CsvExport() {}

    /**
     * Writes the rows of {@code table} matching {@code filters} as CSV with a header, in file order,
     * neutralising the formulas of the fields {@code neutralised} (by index; a version's {@code
     * formulaFields}, or none); returns how many rows it wrote. Runs in the caller's transaction on
     * {@code h}.
     */
    static long write(
            Handle h,
            String table,
            TableSchema schema,
            List<DataTable.Filter> filters,
            Set<Integer> neutralised,
            OutputStream out)
            throws IOException {
        var values = BoundValues.writtenAs(CsvExport::readingSetting);
        var query = DataTable.exportQuery(table, columns(schema, neutralised), filters, values);
        setParameters(h, values);
        var copy = "COPY (" + query + ") TO STDOUT (FORMAT csv)";

        var buffered = new BufferedOutputStream(out, 1 << 16);
        var header = new OutputStreamWriter(buffered, StandardCharsets.UTF_8);
        ExportFormat.CSV.writer(schema, false, header).start();
        header.flush();

        var span = SqlSpans.start(h, copy);
        CopyOut rows = null;
        try {
            rows = h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
            long count = 0;
            byte[] row;
            // PostgreSQL sends one message per row, each ending in LF (RFC 4180 asks for CRLF).
            while ((row = rows.readFromCopy()) != null) {
                if (row.length == 0 || row[row.length - 1] != '\n') {
                    throw new IllegalStateException("COPY sent a message that is not one row");
                }
                buffered.write(row, 0, row.length - 1);
                buffered.write(CRLF);
                count++;
            }
            buffered.flush();
            SqlSpans.end(span, null);
            return count;
        } catch (SQLException e) {
            SqlSpans.end(span, e);
            throw new IllegalStateException("The CSV export of " + table + " failed", e);
        } catch (IOException | RuntimeException e) {
            // The client went away: the rest of the rows are not wanted.
            SqlSpans.end(span, null);
            throw e;
        } finally {
            cancelIfActive(rows);
        }
    }

    /** Stops a copy left unfinished, so that the connection goes back to the pool usable. */
    private static void cancelIfActive(CopyOut rows) {
        if (rows != null && rows.isActive()) {
            try {
                rows.cancelCopy();
            } catch (SQLException ignored) {
                // The transaction rolls back, and the pool drops a connection it cannot use.
            }
        }
    }

    /** Sets each filter value as a setting local to the transaction, through bound parameters. */
    private static void setParameters(Handle h, BoundValues values) {
        if (values.byName().isEmpty()) {
            return;
        }
        var settings = new ArrayList<String>();
        values.byName()
                .forEach((name, value) -> settings.add("set_config('%1$s%2$s', CAST(:%2$s AS %3$s)::text, true) AS %2$s"
                        .formatted(SETTING, name, sqlType(value))));
        var statement = h.createQuery("SELECT " + String.join(", ", settings));
        values.bindTo(statement);
        statement.mapToMap().one();
    }

    /** What stands in the query for a value: the setting that holds it, cast back to its type. */
    private static String readingSetting(String name, Object value) {
        return "current_setting('%s%s')::%s".formatted(SETTING, name, sqlType(value));
    }

    /** The SQL type of a filter's value, as {@link Cells#parse} gives it. */
    private static String sqlType(Object value) {
        if (value instanceof String) {
            return "text";
        } else if (value instanceof Long) {
            return "bigint";
        } else if (value instanceof Integer) {
            return "integer";
        } else if (value instanceof BigDecimal) {
            return "numeric";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof LocalDate) {
            return "date";
        } else if (value instanceof OffsetDateTime) {
            return "timestamptz";
        }
        throw new IllegalArgumentException("no SQL type for a filter value of " + value.getClass());
    }

    /** The columns, each printed as the export prints it (see the class comment). */
    private static String columns(TableSchema schema, Set<Integer> neutralised) {
        var columns = new ArrayList<String>();
        for (int i = 0; i < schema.fields().size(); i++) {
            var c = DataTable.column(i);
            columns.add(
                    switch (schema.fields().get(i).type()) {
                        case STRING ->
                            neutralised.contains(i)
                                    ? "CASE WHEN ascii(%1$s) IN (%2$s) THEN '''' || %1$s ELSE %1$s END"
                                            .formatted(c, FORMULA_CODE_POINTS)
                                    : c;
                        case INTEGER, NUMBER, YEAR, DATE -> c;
                        case BOOLEAN -> c + "::text";
                        case DATETIME -> isoDatetime(c);
                    });
        }
        return String.join(", ", columns);
    }

    /**
     * A datetime in UTC as {@link OffsetDateTime#toString} prints it: minutes always, then seconds
     * when not zero, then milliseconds or microseconds when not zero. Its year is from 1 to 9999
     * ({@link Cells#parse}), which {@code YYYY} prints as ISO 8601 does.
     */
    private static String isoDatetime(String column) {
        var utc = "(" + column + " AT TIME ZONE 'UTC')";
        var micros = "(extract(microseconds FROM %s)::int)".formatted(utc);
        return ("to_char(%1$s, 'YYYY-MM-DD\"T\"HH24:MI')"
                        + " || CASE WHEN %2$s = 0 THEN ''"
                        + " WHEN %2$s %% 1000000 = 0 THEN to_char(%1$s, ':SS')"
                        + " WHEN %2$s %% 1000 = 0 THEN to_char(%1$s, ':SS.MS')"
                        + " ELSE to_char(%1$s, ':SS.US') END || 'Z'")
                .formatted(utc, micros);
    }
}
