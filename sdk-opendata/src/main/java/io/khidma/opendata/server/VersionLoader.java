package io.khidma.opendata.server;

import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a spooled CSV into a new typed table inside the caller's transaction: validates every cell
 * against the schema while streaming the valid rows into PostgreSQL with COPY, then checks unique
 * and primary-key constraints and builds the indexes. Any error ends in a 422 listing the first
 * {@value #MAX_ERRORS}, and the caller's transaction rolls back: nothing changes.
 */
final class VersionLoader {

    static final int MAX_ERRORS = 100;
    private static final int COPY_BUFFER = 1 << 16;
    private static final List<FieldType> INFERENCE_ORDER =
            List.of(FieldType.INTEGER, FieldType.NUMBER, FieldType.BOOLEAN, FieldType.DATE, FieldType.DATETIME);

    private VersionLoader() {}

    /** A schema for a file that came without one: per column, the narrowest type every value has. */
    static TableSchema infer(CsvFile file) {
        var names = new ArrayList<String>();
        var candidates = new ArrayList<Set<FieldType>>();
        file.read(
                header -> {
                    for (var name : header) {
                        names.add(name.trim());
                        candidates.add(EnumSet.copyOf(INFERENCE_ORDER));
                    }
                },
                row -> {
                    for (int i = 0; i < Math.min(row.cells().length, candidates.size()); i++) {
                        var cell = row.cells()[i];
                        if (cell.isEmpty()) {
                            continue;
                        }
                        candidates.get(i).removeIf(type -> !parses(type, cell));
                    }
                });
        var fields = new ArrayList<Field>();
        for (int i = 0; i < names.size(); i++) {
            var possible = candidates.get(i);
            var type = INFERENCE_ORDER.stream()
                    .filter(possible::contains)
                    .findFirst()
                    .orElse(FieldType.STRING);
            try {
                fields.add(Field.of(names.get(i), type));
            } catch (IllegalArgumentException e) {
                throw CsvFile.unprocessable("rows[1]", "header", e.getMessage());
            }
        }
        try {
            return new TableSchema(fields, null, null);
        } catch (IllegalArgumentException e) {
            throw CsvFile.unprocessable("rows[1]", "header", e.getMessage());
        }
    }

    private static boolean parses(FieldType type, String cell) {
        try {
            Cells.parse(type, cell);
            return true;
        } catch (Cells.Invalid e) {
            return false;
        }
    }

    /**
     * A loaded version: its number of rows, and its text fields (by index) holding a value that
     * starts with {@code = + - @}, which a spreadsheet would run as a formula.
     */
    record Loaded(long rows, Set<Integer> formulaFields) {}

    /** Creates {@code table}, fills it from {@code file}. */
    static Loaded load(Handle h, String table, TableSchema schema, CsvFile file) {
        h.execute(DataTable.createTable(table, schema));
        var errors = new ArrayList<FieldError>();
        var patterns = patterns(schema);
        boolean searchable = DataTable.searchable(schema);
        var loader = new Object() {
            int[] columnOf;
            long rows;
            CopyIn copy;
            final boolean[] formula = new boolean[schema.fields().size()];
            final ByteArrayOutputStream buffer = new ByteArrayOutputStream(COPY_BUFFER * 2);
        };
        try {
            loader.copy = h.getConnection()
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(DataTable.copyStatement(table, schema));
            file.read(header -> loader.columnOf = mapHeader(header, schema), row -> {
                if (errors.size() >= MAX_ERRORS) {
                    return;
                }
                var line = validate(row, loader.columnOf, schema, searchable, patterns, loader.formula, errors);
                if (line != null && errors.isEmpty()) {
                    loader.rows++;
                    loader.buffer.writeBytes(line);
                    if (loader.buffer.size() >= COPY_BUFFER) {
                        flush(loader.copy, loader.buffer);
                    }
                }
            });
            if (!errors.isEmpty()) {
                loader.copy.cancelCopy();
                throw invalid(errors);
            }
            flush(loader.copy, loader.buffer);
            loader.copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed", e);
        } finally {
            if (loader.copy != null && loader.copy.isActive()) {
                try {
                    loader.copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The transaction rolls back anyway.
                }
            }
        }
        checkUnique(h, table, schema);
        for (var index : DataTable.indexStatements(table, schema)) {
            h.execute(index);
        }
        h.execute("ANALYZE " + table);
        var formulaFields = new TreeSet<Integer>();
        for (int f = 0; f < loader.formula.length; f++) {
            if (loader.formula[f]) {
                formulaFields.add(f);
            }
        }
        return new Loaded(loader.rows, Collections.unmodifiableSet(formulaFields));
    }

    private static void flush(CopyIn copy, ByteArrayOutputStream buffer) {
        if (buffer.size() == 0) {
            return;
        }
        try {
            var bytes = buffer.toByteArray();
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.reset();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed", e);
        }
    }

    /** For each schema field, the file column that holds it; the header must name exactly the schema's fields. */
    private static int[] mapHeader(List<String> header, TableSchema schema) {
        var errors = new ArrayList<FieldError>();
        var columnOf = new int[schema.fields().size()];
        var seen = new HashSet<String>();
        for (int column = 0; column < header.size(); column++) {
            var name = header.get(column).trim();
            int field = schema.indexOf(name);
            if (field < 0) {
                errors.add(new FieldError(
                        "rows[1]", "unknown-column", "column " + Cells.shorten(name) + " is not in the schema"));
            } else if (!seen.add(name)) {
                errors.add(new FieldError("rows[1]", "duplicate-column", "column " + name + " appears twice"));
            } else {
                columnOf[field] = column;
            }
        }
        for (var field : schema.fields()) {
            if (!seen.contains(field.name())) {
                errors.add(new FieldError(
                        "rows[1]", "missing-column", "the schema's field " + field.name() + " has no column"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return columnOf;
    }

    /** The row as a COPY CSV line, or {@code null} with errors added. */
    private static byte[] validate(
            CsvFile.Row row,
            int[] columnOf,
            TableSchema schema,
            boolean searchable,
            Pattern[] patterns,
            boolean[] formula,
            List<FieldError> errors) {
        var cells = row.cells();
        if (cells.length != columnOf.length) {
            errors.add(new FieldError(
                    "rows[" + row.number() + "]",
                    "cell-count",
                    "row " + row.number() + " has " + cells.length + " cells, the header " + columnOf.length));
            return null;
        }
        var line = new StringBuilder(64).append(row.number());
        var text = searchable ? new StringBuilder() : null;
        boolean valid = true;
        for (int f = 0; f < columnOf.length; f++) {
            var field = schema.fields().get(f);
            var cell = cells[columnOf[f]];
            line.append(',');
            if (schema.missingValues().contains(cell)) {
                if (field.constraints().isRequired() || schema.primaryKey().contains(field.name())) {
                    errors.add(error(row, field, "required", "a value is required"));
                    valid = false;
                }
                continue; // NULL in COPY's CSV format is an unquoted empty cell
            }
            try {
                var value = Cells.parse(field.type(), cell);
                Cells.check(field, value, cell, patterns[f]);
                var canonical = Cells.canonical(value);
                line.append('"').append(canonical.replace("\"", "\"\"")).append('"');
                if (field.type() == FieldType.STRING) {
                    formula[f] |= ExportFormat.startsLikeAFormula(canonical);
                    if (text != null) {
                        text.append(canonical).append(' ');
                    }
                }
            } catch (Cells.Invalid e) {
                errors.add(error(row, field, e.code, e.getMessage()));
                valid = false;
            }
            if (errors.size() >= MAX_ERRORS) {
                return null;
            }
        }
        if (!valid) {
            return null;
        }
        if (text != null) {
            // Terms are letters and digits only: a tsvector literal needs no quoting.
            line.append(",\"")
                    .append(String.join(" ", SearchAnalysis.standard().terms(text.toString())))
                    .append('"');
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static FieldError error(CsvFile.Row row, Field field, String code, String detail) {
        return new FieldError(
                "rows[" + row.number() + "]." + field.name(),
                code,
                "row " + row.number() + ", " + field.name() + ": " + detail);
    }

    private static Pattern[] patterns(TableSchema schema) {
        var patterns = new Pattern[schema.fields().size()];
        for (int i = 0; i < patterns.length; i++) {
            var pattern = schema.fields().get(i).constraints().pattern();
            if (pattern != null) {
                try {
                    patterns[i] = Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw ProblemException.of(
                            ProblemType.INVALID_INPUT,
                            "The schema's pattern for " + schema.fields().get(i).name()
                                    + " is not a regular expression",
                            List.of(new FieldError(
                                    "table_schema.fields[" + i + "].constraints.pattern",
                                    "invalid-value",
                                    e.getDescription())));
                }
            }
        }
        return patterns;
    }

    /** Unique fields and the primary key, checked on the loaded table: the first duplicates, with their rows. */
    private static void checkUnique(Handle h, String table, TableSchema schema) {
        var errors = new ArrayList<FieldError>();
        var keys = new ArrayList<List<String>>();
        for (var field : schema.fields()) {
            if (field.constraints().isUnique()) {
                keys.add(List.of(field.name()));
            }
        }
        if (!schema.primaryKey().isEmpty()) {
            keys.add(schema.primaryKey());
        }
        for (var key : keys) {
            for (var duplicate : h.createQuery(DataTable.duplicatesQuery(table, schema, key))
                    .mapTo(Long.class)
                    .list()) {
                errors.add(new FieldError(
                        "rows[" + duplicate + "]." + String.join("+", key),
                        "unique",
                        "row " + duplicate + " repeats the value of " + String.join(", ", key) + " of an earlier row"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    static ProblemException invalid(List<FieldError> errors) {
        var first = errors.subList(0, Math.min(errors.size(), MAX_ERRORS));
        return ProblemException.of(
                ProblemType.UNPROCESSABLE,
                "The upload does not match the table schema: " + first.size()
                        + (first.size() == MAX_ERRORS ? " or more" : "") + " error(s); the previous version stays live",
                first);
    }
}
