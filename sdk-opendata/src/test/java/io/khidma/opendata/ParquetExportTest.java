package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.opendata.AggregationTest.Txn;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet exports read back by an independent reader, DuckDB: the same rows with the same values,
 * typed columns, the Table Schema in the metadata, filters, and ranges of the same bytes.
 */
class ParquetExportTest {

    static PublishedTransactions data;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        data = new PublishedTransactions(5_000, 5);
    }

    @AfterAll
    static void stop() {
        data.close();
    }

    @Test
    void duckDbReadsEveryRowWithItsTypesAndValues() throws Exception {
        var file = dir.resolve("all.parquet");
        var download = data.consumer.download(data.id, DownloadFormat.PARQUET, file, ProgressListener.NONE);
        assertThat(download.rows()).isEqualTo(-1);
        assertThat(download.bytes()).isEqualTo(Files.size(file));

        try (var duck = duckDb()) {
            assertThat(columnTypes(duck, file))
                    .containsExactly(
                            Map.entry("id", "BIGINT"),
                            Map.entry("date", "DATE"),
                            Map.entry("at", "TIMESTAMP WITH TIME ZONE"),
                            Map.entry("emirate", "VARCHAR"),
                            Map.entry("channel", "VARCHAR"),
                            Map.entry("fee", "DOUBLE"),
                            Map.entry("minutes", "BIGINT"));
            var read = new ArrayList<Txn>();
            try (var statement = duck.createStatement();
                    var result = statement.executeQuery(
                            "SELECT id, \"date\", epoch_us(\"at\"), emirate, channel, fee, minutes FROM read_parquet('"
                                    + file + "') ORDER BY id")) {
                while (result.next()) {
                    var fee = result.getObject(6);
                    var minutes = result.getObject(7);
                    read.add(new Txn(
                            result.getLong(1),
                            result.getObject(2, LocalDate.class),
                            OffsetDateTime.ofInstant(
                                    Instant.EPOCH.plus(result.getLong(3), ChronoUnit.MICROS), ZoneOffset.UTC),
                            result.getString(4),
                            result.getString(5),
                            fee == null ? null : BigDecimal.valueOf(((Number) fee).doubleValue()),
                            minutes == null ? null : ((Number) minutes).longValue()));
                }
            }
            assertThat(read).hasSameSizeAs(data.rows);
            for (int i = 0; i < data.rows.size(); i++) {
                var want = data.rows.get(i);
                var got = read.get(i);
                assertThat(got.id()).isEqualTo(want.id());
                assertThat(got.date()).isEqualTo(want.date());
                assertThat(got.at().toInstant()).isEqualTo(want.at().toInstant());
                assertThat(got.emirate()).isEqualTo(want.emirate());
                assertThat(got.channel()).isEqualTo(want.channel());
                if (want.fee() == null) {
                    assertThat(got.fee()).isNull();
                } else {
                    assertThat(got.fee())
                            .isEqualByComparingTo(BigDecimal.valueOf(want.fee().doubleValue()));
                }
                assertThat(got.minutes()).isEqualTo(want.minutes());
            }
            try (var statement = duck.createStatement();
                    var result = statement.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + file
                            + "') WHERE decode(key) = 'frictionless:table_schema'")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).contains("\"name\":\"fee\"", "\"type\":\"number\"");
            }
        }
    }

    @Test
    void aFilteredExportHoldsOnlyTheMatchingRows() throws Exception {
        var file = dir.resolve("dubai.parquet");
        data.consumer.download(
                data.id,
                RowQuery.all().eq("emirate", "دبي").gte("minutes", 100),
                DownloadFormat.PARQUET,
                file,
                ProgressListener.NONE);

        try (var duck = duckDb();
                var statement = duck.createStatement();
                var result = statement.executeQuery(
                        "SELECT count(*), count(DISTINCT emirate), min(minutes) FROM read_parquet('" + file + "')")) {
            result.next();
            assertThat(result.getLong(1))
                    .isEqualTo(data.rows.stream()
                            .filter(r -> r.emirate().equals("دبي"))
                            .filter(r -> r.minutes() != null && r.minutes() >= 100)
                            .count());
            assertThat(result.getLong(2)).isEqualTo(1);
            assertThat(result.getLong(3)).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void theSameQueryIsTheSameBytesSoRangesResumeItAndGzipIsNotAddedOnTop() {
        var path = "/datasets/" + data.id + "/export?format=parquet";
        var whole = data.fixture.send(
                data.fixture
                        .request(path, null)
                        .header("Accept-Encoding", "gzip")
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
        assertThat(whole.headers().firstValue("Content-Encoding")).isEmpty();
        var bytes = whole.body();
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");

        var tail = data.fixture.send(
                data.fixture
                        .request(path, null)
                        .header("Range", "bytes=1000-")
                        .header("If-Range", whole.headers().firstValue("ETag").orElseThrow())
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, bytes.length));
    }

    private static Connection duckDb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static Map<String, String> columnTypes(Connection duck, Path file) throws SQLException {
        var types = new LinkedHashMap<String, String>();
        try (var statement = duck.createStatement();
                var result = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            while (result.next()) {
                types.put(result.getString("column_name"), result.getString("column_type"));
            }
        }
        return types;
    }
}
