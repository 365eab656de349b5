package io.khidma.opendata.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Byte ranges of an export (RFC 9110 section 14), so an interrupted download resumes where it
 * stopped. An export of one version with one query is the same bytes every time, so a range is
 * served by producing the export again and keeping only its bytes. Its total length is learnt
 * from any complete export (remembered for the most recent 1,000 exports), or measured by one
 * export into nothing when a range is asked for first.
 */
final class ExportRanges {

    /** A satisfiable range: {@code first} to {@code last} inclusive, of {@code length} bytes in all. */
    record Range(long first, long last, long length) {
        long size() {
            return last - first + 1;
        }

        String contentRange() {
            return "bytes " + first + "-" + last + "/" + length;
        }
    }

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    private static final int REMEMBERED = 1_000;

    private final Map<String, Long> lengths = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * The one range a {@code Range} header asks for, or empty when the whole export should be sent
     * instead: no header, one we do not serve (several ranges, another unit), or an {@code
     * If-Range} that is not exactly the export's strong ETag.
     */
    static Optional<long[]> requested(String range, String ifRange, String etag) {
        if (range == null) {
            return Optional.empty();
        }
        if (ifRange != null && !ifRange.trim().equals("\"" + etag + "\"")) {
            return Optional.empty();
        }
        var matcher = SINGLE.matcher(range.trim());
        if (!matcher.matches()
                || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first = matcher.group(1).isEmpty() ? -1 : Long.parseLong(matcher.group(1));
        long last = matcher.group(2).isEmpty() ? -1 : Long.parseLong(matcher.group(2));
        if (first >= 0 && last >= 0 && last < first) {
            return Optional.empty(); // invalid: ignored, as RFC 9110 asks
        }
        return Optional.of(new long[] {first, last});
    }

    /**
     * The range within {@code length} bytes, or empty when it starts past the end (416). A missing
     * first byte means the last {@code last} bytes; a missing last byte means to the end.
     */
    static Optional<Range> within(long[] requested, long length) {
        long first = requested[0];
        long last = requested[1];
        if (first < 0) {
            if (last == 0 || length == 0) {
                return Optional.empty();
            }
            return Optional.of(new Range(Math.max(0, length - last), length - 1, length));
        }
        if (first >= length) {
            return Optional.empty();
        }
        return Optional.of(new Range(first, last < 0 || last >= length ? length - 1 : last, length));
    }

    synchronized Optional<Long> knownLength(String key) {
        return Optional.ofNullable(lengths.get(key));
    }

    synchronized void remember(String key, long length) {
        lengths.put(key, length);
    }

    /** Counts what passes through. */
    static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    /** Passes on only the bytes of {@code range}; the rest of the export is produced and dropped. */
    static final class Slice extends FilterOutputStream {
        private final Range range;
        private long position;

        Slice(OutputStream out, Range range) {
            super(out);
            this.range = range;
        }

        @Override
        public void write(int b) throws IOException {
            if (position >= range.first() && position <= range.last()) {
                out.write(b);
            }
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long start = Math.max(position, range.first());
            long end = Math.min(position + len - 1, range.last());
            if (start <= end) {
                out.write(b, off + (int) (start - position), (int) (end - start + 1));
            }
            position += len;
        }
    }
}
