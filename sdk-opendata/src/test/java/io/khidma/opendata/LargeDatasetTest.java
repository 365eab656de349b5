package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A million rows up and down in constant memory: this module's test JVM runs with {@code -Xmx256m}
 * (see its pom), and the CSV is generated while it is sent and compared while it is received, so
 * neither side ever holds it whole.
 */
class LargeDatasetTest {

    static final int ROWS = 1_000_000;
    static final String HEADER = "id,centre,emirate,transactions,month";
    static final String[] EMIRATES = {"Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Fujairah", "Ras Al Khaimah"};

    static OpenDataFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Row {@code i} (from 1), already in the canonical form the export writes. */
    static String row(int i) {
        return i + ",Centre " + (i % 997) + "," + EMIRATES[i % EMIRATES.length] + "," + (i * 7L % 100_000) + ","
                + (2000 + i % 25) + "-" + String.format("%02d", 1 + i % 12) + "-01";
    }

    /** The CSV of every row, produced as it is read. */
    static InputStream generated() {
        return new InputStream() {
            private int next;
            private byte[] chunk = (HEADER + "\r\n").getBytes(StandardCharsets.UTF_8);
            private int position;

            @Override
            public int read() {
                var one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position == chunk.length) {
                    if (next == ROWS) {
                        return -1;
                    }
                    var lines = new StringBuilder(64 * 1024);
                    for (int i = 0; i < 1_000 && next < ROWS; i++) {
                        lines.append(row(++next)).append("\r\n");
                    }
                    chunk = lines.toString().getBytes(StandardCharsets.UTF_8);
                    position = 0;
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    @Test
    void aMillionRowsAreUploadedAndExportedInConstantMemoryAndComeBackEqual() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the test JVM is limited to a small heap")
                .isLessThanOrEqualTo(300L * 1024 * 1024);
        var schema = new TableSchema(
                List.of(
                        Field.of("id", FieldType.INTEGER),
                        Field.of("centre", FieldType.STRING),
                        Field.of("emirate", FieldType.STRING).indexed(),
                        Field.of("transactions", FieldType.INTEGER),
                        Field.of("month", FieldType.DATE)),
                List.of("id"),
                null);
        var created = fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(schema));
        var id = tree(created).get("id").asText();

        var uploaded = fixture.send(fixture.request("/datasets/" + id + "/versions", fixture.rta)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(LargeDatasetTest::generated)));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(tree(uploaded).get("row_count").asLong()).isEqualTo(ROWS);
        fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "");

        var export = fixture.http.send(
                fixture.request("/datasets/" + id + "/export?format=csv", null)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(export.statusCode()).isEqualTo(200);
        int rows = 0;
        try (var lines = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo(HEADER);
            String line;
            while ((line = lines.readLine()) != null) {
                rows++;
                if (!line.equals(row(rows))) {
                    assertThat(line).as("exported row %d", rows).isEqualTo(row(rows));
                }
            }
        }
        assertThat(rows).isEqualTo(ROWS);

        var last = tree(fixture.get("/datasets/" + id + "/rows?filter=emirate:eq:Ajman&sort=-id&limit=2"));
        assertThat(last.get("items").get(0).get("id").asLong()).isEqualTo(999_999L);
    }
}
