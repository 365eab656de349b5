package io.khidma.opendata;

/**
 * Counts the rows in a download's bytes as they arrive, for progress: CSV records after the header
 * (a line break inside a quoted cell is not a new row), NDJSON lines, or the objects of a JSON
 * array. The characters it looks at are ASCII, so it reads UTF-8 byte by byte. Parquet and XLSX
 * are compressed, so their count is {@code -1}. GeoJSON counts its {@code "type":"Feature"} members.
 */
abstract class RowCounter {

    static RowCounter of(DownloadFormat format) {
        return switch (format) {
            case CSV -> new Csv();
            case NDJSON -> new Lines();
            case JSON -> new JsonArray();
            case PARQUET, XLSX -> new Unknown();
            case GEOJSON -> new Features();
        };
    }

    abstract void accept(byte[] bytes, int offset, int length);

    abstract long rows();

    private static final class Csv extends RowCounter {
        private boolean quoted;
        private long records;

        @Override
        void accept(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '"') {
                    quoted = !quoted; // an escaped quote ("") flips twice
                } else if (bytes[i] == '\n' && !quoted) {
                    records++;
                }
            }
        }

        @Override
        long rows() {
            return Math.max(0, records - 1);
        }
    }

    private static final class Lines extends RowCounter {
        private long lines;

        @Override
        void accept(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }

        @Override
        long rows() {
            return lines;
        }
    }

    private static final class JsonArray extends RowCounter {
        private int depth;
        private boolean inString;
        private boolean escaped;
        private long objects;

        @Override
        void accept(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                    if (b == '{' && depth == 2) {
                        objects++;
                    }
                } else if (b == '}' || b == ']') {
                    depth--;
                }
            }
        }

        @Override
        long rows() {
            return objects;
        }
    }

    private static final class Unknown extends RowCounter {
        @Override
        void accept(byte[] bytes, int offset, int length) {}

        @Override
        long rows() {
            return -1;
        }
    }

    /** Counts {@code "Feature"} strings, across chunk boundaries: {@code "FeatureCollection"} is not one. */
    private static final class Features extends RowCounter {
        private static final byte[] TOKEN = "\"Feature\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private int matched;
        private long features;

        @Override
        void accept(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == TOKEN[matched]) {
                    matched++;
                    if (matched == TOKEN.length) {
                        features++;
                        matched = 0;
                    }
                } else {
                    matched = bytes[i] == TOKEN[0] ? 1 : 0;
                }
            }
        }

        @Override
        long rows() {
            return features;
        }
    }
}
