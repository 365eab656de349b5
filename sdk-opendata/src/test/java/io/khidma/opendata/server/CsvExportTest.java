package io.khidma.opendata.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.Database;
import io.khidma.core.testing.TestDatabases;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CSV PostgreSQL writes ({@link CsvExport}) is byte for byte the CSV the row-by-row writer
 * makes of the same rows, the writer CKAN's {@code records_format=csv} uses: over generated rows of
 * every type with the awkward values (quotes, commas, line breaks, formula starts, empty text,
 * early and late years, fractions of seconds), with and without neutralising, and
 * under a filter of every kind, whose values reach {@code COPY} as settings.
 */
class CsvExportTest {

    private static final int ROWS = 600;
    private static final TableSchema SCHEMA = new TableSchema(
            List.of(
                    Field.of("id", FieldType.INTEGER),
                    Field.of("name", FieldType.STRING),
                    Field.of("amount", FieldType.NUMBER),
                    Field.of("settled", FieldType.BOOLEAN),
                    Field.of("day", FieldType.DATE),
                    Field.of("at", FieldType.DATETIME),
                    Field.of("year", FieldType.YEAR)),
            List.of("id"),
            null);
    private static final String[] PIECES = {
        "",
        "=SUM(A1:A9)",
        "+971",
        "-5",
        "@cmd",
        "a,b",
        "say \"hi\"",
        "two\nlines",
        "cr\rhere",
        "crlf\r\nend",
        "هيئة الطرق والمواصلات",
        "دبي",
        " spaced ",
        "\\.",
        "'quoted",
        "plain",
        "Dubai"
    };

    private static Database database;
    private static String table;

    @BeforeAll
    static void load() {
        database = TestDatabases.fresh();
        table = DataTable.newName();
        var random = new Random(20261201);
        database.jdbi().useTransaction(h -> {
            h.execute(DataTable.createTable(table, SCHEMA));
            var insert = h.prepareBatch("INSERT INTO " + table
                    + " VALUES (:row, :id, :name, :amount, :settled, :day, :at, :year, CAST(:terms AS tsvector))");
            for (int i = 1; i <= ROWS; i++) {
                var name = random.nextInt(10) == 0 ? null : text(random);
                // The row's terms, as the loader writes them.
                var terms = name == null
                        ? ""
                        : String.join(" ", SearchAnalysis.standard().terms(name));
                insert.bind("row", (long) i)
                        .bind("id", (long) i)
                        .bindByType("name", name, String.class)
                        .bind("terms", terms)
                        .bindByType("amount", random.nextInt(10) == 0 ? null : amount(random), BigDecimal.class)
                        .bindByType("settled", random.nextInt(5) == 0 ? null : random.nextBoolean(), Boolean.class)
                        .bindByType("day", random.nextInt(10) == 0 ? null : day(random), LocalDate.class)
                        .bindByType("at", random.nextInt(10) == 0 ? null : at(random), OffsetDateTime.class)
                        .bindByType(
                                "year",
                                random.nextInt(10) == 0
                                        ? null
                                        : (random.nextBoolean() ? 2020 + random.nextInt(8) : 1 + random.nextInt(9999)),
                                Integer.class)
                        .add();
            }
            insert.execute();
        });
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void everyRowAsTheRowWriterWritesIt() {
        for (boolean neutralise : new boolean[] {true, false}) {
            var all = both(List.of(), null, neutralise);
            assertThat(all.lines).isEqualTo(ROWS + 1);
        }
        var neutralised = both(List.of(), null, true).csv;
        assertThat(neutralised)
                .startsWith("id,name,amount,settled,day,at,year\r\n")
                .contains("'=SUM(A1:A9)", "\"\"", "\"two\nlines", "\"say \"\"hi\"\"")
                // Datetimes to the minute, the second, the millisecond and the microsecond.
                .containsPattern(",\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ,")
                .containsPattern("T\\d\\d:\\d\\d:\\d\\dZ,")
                .containsPattern(":\\d\\d\\.\\d{3}Z,")
                .containsPattern(":\\d\\d\\.\\d{6}Z,")
                .doesNotContain(",=SUM");
        assertThat(both(List.of(), null, false).csv).contains(",=SUM(A1:A9)");
    }

    @Test
    void filtersOfEveryKindSelectTheSameRows() {
        var filters = List.of(
                List.of("id:gt:100", "id:lte:450"),
                List.of("name:eq:Dubai"),
                List.of("name:prefix:="),
                List.of("name:in:plain|دبي|a,b"),
                List.of("amount:gte:0"),
                List.of("settled:eq:true"),
                List.of("day:lt:2000-01-01"),
                List.of("at:gte:2020-06-01T12:30:00+04:00"),
                List.of("year:in:2020|2024|9999", "id:gt:0"));
        for (var filter : filters) {
            var result = both(filter, null, true);
            assertThat(result.lines).as(filter.toString()).isBetween(2L, (long) ROWS);
        }
        var searched = both(List.of(), "الطرق", true);
        assertThat(searched.lines).isBetween(2L, (long) ROWS);
    }

    private record Export(String csv, long lines) {}

    /** Exports with both writers, checks they agree, and gives the CSV with its line count. */
    private static Export both(List<String> rawFilters, String q, boolean neutralise) {
        var filters = DataTable.filters(SCHEMA, rawFilters, q);
        var copied = new ByteArrayOutputStream();
        var written = new StringWriter();
        long[] rows = new long[2];
        database.jdbi().useTransaction(h -> {
            try {
                // Only the names hold formulas; the loader would record that field alone.
                rows[0] = CsvExport.write(h, table, SCHEMA, filters, neutralise ? Set.of(1) : Set.of(), copied);
                var writer = ExportFormat.CSV.writer(SCHEMA, neutralise, written);
                writer.start();
                rows[1] = DataTable.export(h, table, SCHEMA, filters, writer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        var csv = copied.toString(StandardCharsets.UTF_8);
        assertThat(csv).as("%s q=%s neutralise=%s", rawFilters, q, neutralise).isEqualTo(written.toString());
        assertThat(rows[0]).isEqualTo(rows[1]);
        return new Export(csv, rows[0] + 1);
    }

    private static String text(Random random) {
        var text = new StringBuilder();
        int pieces = random.nextInt(3) + 1;
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static BigDecimal amount(Random random) {
        return BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, random.nextInt(6) - 1);
    }

    /** Mostly recent days, some early and some late in the years a date may have (1 to 9999). */
    private static LocalDate day(Random random) {
        return LocalDate.of(year(random), 1, 1).plusDays(random.nextInt(365));
    }

    /** As {@link #day}, at any time, with no fraction, milliseconds or microseconds. */
    private static OffsetDateTime at(Random random) {
        int nanos =
                switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1000) * 1_000_000;
                    default -> random.nextInt(1_000_000) * 1000;
                };
        int second = random.nextBoolean() ? 0 : random.nextInt(60);
        return LocalDateTime.of(
                        day(random), java.time.LocalTime.of(random.nextInt(24), random.nextInt(60), second, nanos))
                .atOffset(random.nextBoolean() ? ZoneOffset.UTC : ZoneOffset.ofHours(4));
    }

    private static int year(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 2 + random.nextInt(998);
            case 1 -> 9000 + random.nextInt(999);
            default -> 1990 + random.nextInt(40);
        };
    }
}
