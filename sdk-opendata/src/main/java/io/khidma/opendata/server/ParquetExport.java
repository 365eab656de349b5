package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.luben.zstd.Zstd;
import io.khidma.core.json.KhidmaJson;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes an export as Apache Parquet while the rows arrive, with Parquet's own writer: one optional
 * column per field, typed from the Table Schema (string as UTF-8 text, integer as INT64, number as
 * DOUBLE, boolean, date as DATE, datetime as a UTC TIMESTAMP in microseconds, year as INT32),
 * compressed with zstd.
 *
 * <p>The writer keeps one row group in memory before it goes out, so memory stays at about {@link
 * #ROW_GROUP_BYTES} whatever the size. Nothing of Hadoop runs: the file is written to the response
 * stream, configured with Parquet's plain configuration and compressed by zstd-jni directly.
 */
final class ParquetExport implements ExportFormat.RowWriter {

    static final long ROW_GROUP_BYTES = 8L << 20;
    /** The file's key-value metadata entry holding the Frictionless Table Schema as JSON. */
    static final String TABLE_SCHEMA_KEY = "frictionless:table_schema";

    private static final int ZSTD_LEVEL = 3;

    private final TableSchema schema;
    private final ParquetWriter<List<Object>> writer;

    ParquetExport(TableSchema schema, OutputStream out) throws IOException {
        this.schema = schema;
        this.writer = new Builder(new StreamFile(out), schema)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ZstdCodec.INSTANCE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
    }

    /** The Parquet schema of a Table Schema: every field optional, named as in the Table Schema. */
    static MessageType messageType(TableSchema schema) {
        var message = Types.buildMessage();
        for (Field field : schema.fields()) {
            switch (field.type()) {
                case STRING ->
                    message.optional(PrimitiveTypeName.BINARY)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(field.name());
                case INTEGER -> message.optional(PrimitiveTypeName.INT64).named(field.name());
                case NUMBER -> message.optional(PrimitiveTypeName.DOUBLE).named(field.name());
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(field.name());
                case DATE ->
                    message.optional(PrimitiveTypeName.INT32)
                            .as(LogicalTypeAnnotation.dateType())
                            .named(field.name());
                case DATETIME ->
                    message.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                            .named(field.name());
                case YEAR -> message.optional(PrimitiveTypeName.INT32).named(field.name());
            }
        }
        return message.named("row");
    }

    private static String tableSchemaJson(TableSchema schema) {
        try {
            return KhidmaJson.mapper().writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Table Schema is always JSON", e);
        }
    }

    @Override
    public void start() {}

    @Override
    public void row(List<Object> values) throws IOException {
        writer.write(values);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    /** Writes one row's values (as {@link DataTable#export} gives them) as one record. */
    private static final class RowSupport extends WriteSupport<List<Object>> {
        private final TableSchema schema;
        private RecordConsumer record;

        RowSupport(TableSchema schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            // The Table Schema rides along, titles and constraints included, for readers that want it.
            return new WriteContext(messageType(schema), Map.of(TABLE_SCHEMA_KEY, tableSchemaJson(schema)));
        }

        @Override
        @SuppressWarnings("deprecation") // Parquet deprecates the Hadoop variant but still requires it.
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init(new PlainParquetConfiguration());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.record = recordConsumer;
        }

        @Override
        public void write(List<Object> values) {
            record.startMessage();
            for (int i = 0; i < values.size(); i++) {
                var value = values.get(i);
                if (value == null) {
                    continue;
                }
                var field = schema.fields().get(i);
                record.startField(field.name(), i);
                add(field.type(), value);
                record.endField(field.name(), i);
            }
            record.endMessage();
        }

        /** Numbers and dates arrive as PostgreSQL's text of them, booleans and datetimes typed. */
        private void add(FieldType type, Object value) {
            switch (type) {
                case STRING -> record.addBinary(Binary.fromString((String) value));
                case INTEGER -> record.addLong(Long.parseLong((String) value));
                case NUMBER -> record.addDouble(Double.parseDouble((String) value));
                case BOOLEAN -> record.addBoolean((Boolean) value);
                case DATE ->
                    record.addInteger(
                            Math.toIntExact(LocalDate.parse((String) value).toEpochDay()));
                case DATETIME -> {
                    var instant = ((OffsetDateTime) value).toInstant();
                    record.addLong(Math.addExact(
                            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000));
                }
                case YEAR -> record.addInteger(Integer.parseInt((String) value));
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<List<Object>, Builder> {
        private final TableSchema schema;

        Builder(OutputFile file, TableSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<List<Object>> getWriteSupport(ParquetConfiguration configuration) {
            return new RowSupport(schema);
        }

        @Override
        @SuppressWarnings("deprecation") // Parquet deprecates the Hadoop variant but still requires it.
        protected WriteSupport<List<Object>> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return new RowSupport(schema);
        }
    }

    /** The response stream as a file Parquet writes once, front to back; closing it leaves the stream open. */
    private record StreamFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    position += length;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    /**
     * zstd straight from zstd-jni, both ways: Parquet's own codec factory would start Hadoop's
     * configuration.
     */
    private enum ZstdCodec implements CompressionCodecFactory, CompressionCodecFactory.BytesInputCompressor {
        INSTANCE;

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
            if (codecName != CompressionCodecName.ZSTD) {
                throw new IllegalArgumentException("only zstd is written: " + codecName);
            }
            return this;
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
            getCompressor(codecName);
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                    return BytesInput.from(Zstd.decompress(bytesOf(bytes), uncompressedSize));
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
                    var compressed = new byte[compressedSize];
                    input.get(compressed);
                    output.put(Zstd.decompress(compressed, uncompressedSize));
                }

                @Override
                public void release() {}
            };
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Zstd.compress(bytesOf(bytes), ZSTD_LEVEL));
        }

        /** A page's bytes in one array, as Zstd's one-shot calls take them. */
        private static byte[] bytesOf(BytesInput bytes) throws IOException {
            return bytes.toInputStream().readAllBytes();
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
    }
}
