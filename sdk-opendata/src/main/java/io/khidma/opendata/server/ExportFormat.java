package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.khidma.core.json.KhidmaJson;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The formats a version downloads in, each written row by row as the rows arrive:
 *
 * <ul>
 *   <li>{@code csv}: RFC 4180 with a header; string cells starting with {@code = + - @} get a
 *       leading {@code '} when neutralising, so spreadsheets show them as text instead of running
 *       them;
 *   <li>{@code json}: one array of objects;
 *   <li>{@code ndjson}: one object per line;
 *   <li>{@code parquet}: Apache Parquet with typed columns (see {@link ParquetExport});
 *   <li>{@code xlsx}: an Excel workbook with typed cells, right to left in Arabic (see {@link
 *       XlsxExport});
 *   <li>{@code geojson}: an RFC 7946 FeatureCollection, one Point feature per row with the other
 *       fields as its properties, for datasets with {@link Coordinates}.
 * </ul>
 *
 * In JSON, numbers are numbers, booleans booleans, dates and datetimes ISO 8601 text, and a
 * missing value is left out of its object.
 */
enum ExportFormat {
    CSV(new MediaType("text", "csv", "UTF-8")),
    JSON(new MediaType("application", "json", "UTF-8")),
    NDJSON(new MediaType("application", "x-ndjson", "UTF-8")),
    PARQUET(new MediaType("application", "vnd.apache.parquet")),
    XLSX(new MediaType("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    GEOJSON(new MediaType("application", "geo+json", "UTF-8"));

    final MediaType mediaType;

    ExportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** Whether gzip makes it smaller: not for a format compressed already. */
    boolean compressible() {
        return this != PARQUET && this != XLSX;
    }

    /**
     * Whether the same query always gives the same bytes, so a byte range of one response continues
     * another: not for XLSX, whose zip entries carry the time they were written.
     */
    boolean rangeable() {
        return this != XLSX;
    }

    String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named, {@code csv} when none is; anything else is a 400. */
    static ExportFormat of(String name) {
        if (name == null) {
            return CSV;
        }
        for (var format : values()) {
            if (format.extension().equals(name)) {
                return format;
            }
        }
        throw OpenDataService.invalid("format", "must be csv, json, ndjson, parquet, xlsx or geojson");
    }

    /** Whether a version with this schema downloads in this format: GeoJSON needs coordinates. */
    boolean availableFor(TableSchema schema) {
        return this != GEOJSON || Coordinates.of(schema).isPresent();
    }

    /** The formats a version with this schema downloads in. */
    static List<ExportFormat> availableFormats(TableSchema schema) {
        return Arrays.stream(values()).filter(f -> f.availableFor(schema)).toList();
    }

    /** The characters a spreadsheet formula starts with, which neutralising puts a {@code '} before. */
    static final String FORMULA_STARTS = "=+-@";

    /** Whether a text starts with one of {@link #FORMULA_STARTS}. */
    static boolean startsLikeAFormula(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
    }

    /** Writes one export: {@link Writer#start}, a row at a time, then {@link Writer#finish}. */
    interface RowWriter extends DataTable.RowSink {
        void start() throws IOException;

        void finish() throws IOException;
    }

    /**
     * A writer of this format to {@code out}; {@link RowWriter#finish} flushes what it buffered.
     * {@code arabic} makes a workbook read right to left.
     */
    RowWriter writer(TableSchema schema, boolean neutralise, boolean arabic, OutputStream out) throws IOException {
        if (this == PARQUET) {
            return new ParquetExport(schema, out);
        }
        if (this == XLSX) {
            return new XlsxExport(schema, arabic, out);
        }
        var text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        var writer = writer(schema, neutralise, text);
        return new RowWriter() {
            @Override
            public void start() throws IOException {
                writer.start();
            }

            @Override
            public void row(List<Object> values) throws IOException {
                writer.row(values);
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
                text.flush();
            }
        };
    }

    /** A writer of this text format to {@code out}. */
    RowWriter writer(TableSchema schema, boolean neutralise, Writer out) throws IOException {
        return switch (this) {
            case CSV -> new CsvWriter(schema, neutralise, out);
            case JSON -> new JsonWriter(schema, out, true);
            case NDJSON -> new JsonWriter(schema, out, false);
            case GEOJSON ->
                new GeoJsonWriter(
                        schema,
                        Coordinates.of(schema)
                                .orElseThrow(() -> new IllegalStateException(
                                        "GeoJSON asked of a schema without coordinates; check availableFor first")),
                        out);
            case PARQUET, XLSX -> throw new IllegalArgumentException(this + " is not text");
        };
    }

    private static final class CsvWriter implements RowWriter {
        private final TableSchema schema;
        private final boolean neutralise;
        private final Writer out;
        private final StringBuilder line = new StringBuilder(256);

        CsvWriter(TableSchema schema, boolean neutralise, Writer out) {
            this.schema = schema;
            this.neutralise = neutralise;
            this.out = out;
        }

        @Override
        public void start() throws IOException {
            line.setLength(0);
            for (int i = 0; i < schema.fields().size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                cell(schema.fields().get(i).name(), false);
            }
            out.write(line.append("\r\n").toString());
        }

        @Override
        public void row(List<Object> values) throws IOException {
            line.setLength(0);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                var value = values.get(i);
                if (value != null) {
                    boolean text = schema.fields().get(i).type() == FieldType.STRING;
                    cell(Cells.canonical(value), text && neutralise);
                }
            }
            out.write(line.append("\r\n").toString());
        }

        /** Appends one cell, quoted when it is empty or holds a comma, a quote or a line break. */
        private void cell(String value, boolean neutraliseThis) {
            boolean prefix = neutraliseThis && startsLikeAFormula(value);
            boolean quote = value.isEmpty() && !prefix;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                line.append(prefix ? "'" : "").append(value);
                return;
            }
            line.append('"').append(prefix ? "'" : "");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    line.append('"');
                }
                line.append(c);
            }
            line.append('"');
        }

        @Override
        public void finish() {}
    }

    /**
     * A FeatureCollection, written as the rows arrive: each row a Feature whose geometry is the
     * Point [longitude, latitude] (null when either is missing) and whose properties are the other
     * fields, typed as in JSON.
     */
    private static final class GeoJsonWriter implements RowWriter {
        private final TableSchema schema;
        private final Coordinates coordinates;
        private final JsonGenerator json;

        GeoJsonWriter(TableSchema schema, Coordinates coordinates, Writer out) throws IOException {
            this.schema = schema;
            this.coordinates = coordinates;
            this.json = KhidmaJson.mapper().getFactory().createGenerator(out);
            json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        }

        @Override
        public void start() throws IOException {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
        }

        @Override
        public void row(List<Object> values) throws IOException {
            json.writeStartObject();
            json.writeStringField("type", "Feature");
            json.writeFieldName("geometry");
            var latitude = values.get(coordinates.latitude());
            var longitude = values.get(coordinates.longitude());
            if (latitude == null || longitude == null) {
                json.writeNull();
            } else {
                json.writeStartObject();
                json.writeStringField("type", "Point");
                json.writeArrayFieldStart("coordinates");
                // Exported numbers arrive as the database's text of them: written as they are.
                json.writeNumber((String) longitude);
                json.writeNumber((String) latitude);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeObjectFieldStart("properties");
            for (int i = 0; i < values.size(); i++) {
                if (i == coordinates.latitude() || i == coordinates.longitude()) {
                    continue;
                }
                var value = values.get(i);
                if (value != null) {
                    json.writeFieldName(schema.fields().get(i).name());
                    JsonWriter.value(json, schema.fields().get(i).type(), value);
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        }
    }

    private static final class JsonWriter implements RowWriter {
        private final TableSchema schema;
        private final Writer out;
        private final boolean array;
        private final JsonGenerator json;

        JsonWriter(TableSchema schema, Writer out, boolean array) throws IOException {
            this.schema = schema;
            this.out = out;
            this.array = array;
            this.json = KhidmaJson.mapper().getFactory().createGenerator(out);
            // One object per line for ndjson; the generator's default separator is a space.
            json.setRootValueSeparator(null);
            // The generator buffers; the writer below it decides when bytes go out, not every row.
            json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        }

        @Override
        public void start() throws IOException {
            if (array) {
                json.writeStartArray();
            }
        }

        @Override
        public void row(List<Object> values) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < values.size(); i++) {
                var value = values.get(i);
                if (value == null) {
                    continue;
                }
                var field = schema.fields().get(i);
                json.writeFieldName(field.name());
                value(json, field.type(), value);
            }
            json.writeEndObject();
            if (!array) {
                json.flush();
                out.write('\n');
            }
        }

        /** One exported value, typed as in JSON. */
        static void value(JsonGenerator json, FieldType type, Object value) throws IOException {
            if (value instanceof String text) {
                if (type == FieldType.INTEGER || type == FieldType.NUMBER || type == FieldType.YEAR) {
                    // An exported number arrives as the database's text of it: written as is.
                    json.writeNumber(text);
                } else {
                    json.writeString(text);
                }
            } else if (value instanceof Long number) {
                json.writeNumber(number);
            } else if (value instanceof Integer number) {
                json.writeNumber(number);
            } else if (value instanceof BigDecimal number) {
                json.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                json.writeBoolean(flag);
            } else {
                json.writeString(Cells.canonical(value));
            }
        }

        @Override
        public void finish() throws IOException {
            if (array) {
                json.writeEndArray();
            }
            json.flush();
        }
    }
}
