package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * An uploaded CSV spooled to a temporary file, so it can be read twice (to infer a schema, then
 * to load it) without ever being held in memory. Strict UTF-8 (a byte order mark is skipped),
 * RFC 4180 quoting, one row at a time.
 */
final class CsvFile implements AutoCloseable {

    private static final CsvMapper CSV =
            CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private final Path path;
    private final long bytes;
    private final String sha256;

    private CsvFile(Path path, long bytes, String sha256) {
        this.path = path;
        this.bytes = bytes;
        this.sha256 = sha256;
    }

    /** Copies the upload to a temporary file, counting and hashing it on the way. */
    static CsvFile spool(InputStream upload, Path directory) {
        try {
            var path = Files.createTempFile(directory, "upload-", ".csv");
            var digest = MessageDigest.getInstance("SHA-256");
            long bytes;
            try (var in = new DigestInputStream(upload, digest);
                    OutputStream out = Files.newOutputStream(path)) {
                bytes = in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                throw e;
            }
            return new CsvFile(path, bytes, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the upload", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    long bytes() {
        return bytes;
    }

    String sha256() {
        return sha256;
    }

    /** One record of the file; {@code number} counts the header as 1, as the 422 errors do. */
    record Row(long number, String[] cells) {}

    /**
     * Reads the header, hands it to {@code header}, then every data row to {@code rows}, in order.
     * A file that is not UTF-8 or not CSV is a 422 naming where it broke.
     */
    void read(Consumer<List<String>> header, Consumer<Row> rows) {
        long number = 0;
        try (var in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            skipByteOrderMark(in);
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (MappingIterator<String[]> records =
                    CSV.readerFor(String[].class).readValues(new InputStreamReader(in, decoder))) {
                if (!records.hasNextValue()) {
                    throw unprocessable("$", "empty", "the file is empty: a header row is needed");
                }
                number = 1;
                header.accept(List.of(records.nextValue()));
                while (records.hasNextValue()) {
                    number++;
                    rows.accept(new Row(number, records.nextValue()));
                }
            }
        } catch (CharacterCodingException e) {
            throw notUtf8(number + 1);
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(number + 1);
            }
            if (e instanceof JsonProcessingException csv) {
                throw unprocessable(
                        "rows[" + (number + 1) + "]",
                        "csv",
                        "the file is not valid CSV near row " + (number + 1) + ": " + csv.getOriginalMessage());
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(number + 1);
            }
            throw e;
        }
    }

    /** The decoder reports bad bytes directly, or wrapped by the CSV parser in either kind of exception. */
    private static ProblemException notUtf8(long row) {
        return unprocessable("rows[" + row + "]", "encoding", "the file is not UTF-8 near row " + row);
    }

    private static void skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        var head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf)) {
            in.reset();
        }
    }

    static ProblemException unprocessable(String field, String code, String detail) {
        return ProblemException.of(
                ProblemType.UNPROCESSABLE,
                "The upload is not valid: " + detail,
                List.of(new FieldError(field, code, detail)));
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the spooled upload " + path, e);
        }
    }
}
