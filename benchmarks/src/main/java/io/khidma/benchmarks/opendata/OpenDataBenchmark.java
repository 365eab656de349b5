package io.khidma.benchmarks.opendata;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.text.Text;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.model.Constraints;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.model.UpdateFrequency;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Open data over one table of 1,000,000 generated rows, uploaded through {@link OpenDataClient} to
 * the server kit on an embedded PostgreSQL:
 *
 * <ul>
 *   <li>CSV export: the whole version through {@code GET /datasets/{id}/export} over HTTP, against
 *       a bare JDBC loop writing the same CSV bytes from the same table (checked equal in setup),
 *       and against PostgreSQL's own {@code COPY ... TO STDOUT (FORMAT csv)} through the driver's
 *       {@code CopyManager}, the physical limit (its CSV differs in small ways: {@code t}/{@code f}
 *       for booleans, LF line ends);
 *   <li>a page of 100 rows with a filter on an indexed field (a fifth of the rows match): the first
 *       page and the last page by keyset cursor ({@code /rows}), and the same last page by offset
 *       (CKAN {@code datastore_search}, without a total), all over HTTP with the same client;
 *   <li>a count of rows by month ({@code GET /datasets/{id}/aggregate?group_by=month(day)}) over
 *       HTTP, answered from the version's daily rollup; the same question sent to the rows (a filter
 *       every row meets, on another field, makes it read them); and what a data scientist would do
 *       instead, DuckDB's JDBC driver in the same process counting by month in the version's
 *       Parquet export ({@code format=parquet}, downloaded once in setup). All three give the same
 *       counts (checked in setup).
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
public class OpenDataBenchmark {

    /**
     * A folder to keep the loaded database in and reuse across forks (the report sets it), instead
     * of loading the million rows again in every fork.
     */
    public static final String SHARED_DATA = "khidma.bench.opendata";

    static final int ROWS = 1_000_000;
    static final int PAGE = 100;
    static final String[] CHANNELS = {"smart_app", "website", "service_centre", "kiosk", "call_centre"};
    static final String[] EMIRATES = {"Abu Dhabi", "Dubai", "Sharjah", "Ajman", "Umm Al Quwain", "Ras Al Khaimah"};
    static final String[] NOTES = {
        "تجديد رخصة القيادة", "إصدار تصريح عمل", "دفع رسوم, مخالفة", "Renew \"trade\" licence", "Pay a fine"
    };

    private Path data;
    private Database database;
    private KhidmaServer server;
    private ClientCredentialsTokenProvider tokens;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private URI export;
    private URI firstPage;
    private URI lastPageByCursor;
    private URI lastPageByOffset;
    private URI monthlyCount;
    private URI monthlyCountFromRows;
    private Connection duckDb;
    private String duckDbMonthlyCount;
    private String table;
    private List<String> header;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var shared = System.getProperty(SHARED_DATA);
        data = shared == null ? Files.createTempDirectory("khidma-bench") : Files.createDirectories(Path.of(shared));
        database = Database.embedded(data.resolve("postgres")).migrate("opendata");
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var identity = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .client(TestClient.withSecret("bench", "bench-secret", "rta", Set.of(), Set.of("opendata:publish")))
                .build();
        server = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new OpenDataFeature(
                        database,
                        OpenDataOptions.defaults()
                                .withRateLimits(RateLimits.defaults().withAnonymous(Integer.MAX_VALUE))))
                .start();
        tokens = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic("bench", "bench-secret"))
                .build();
        var published = data.resolve("dataset-id");
        UUID id;
        if (Files.exists(published)) {
            id = UUID.fromString(Files.readString(published).trim());
        } else {
            try (var publisher = OpenDataClient.builder()
                    .endpoint(server.uri())
                    .credentials(tokens)
                    .build()) {
                id = publisher.create(dataset()).value().id();
                var csv = generate(data.resolve("transactions.csv"));
                publisher.upload(id, csv);
                Files.delete(csv);
                publisher.publish(id);
            }
            Files.writeString(published, id.toString());
        }
        table = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT table_name FROM opendata_version WHERE dataset_id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
        header = dataset().tableSchema().fields().stream().map(Field::name).toList();

        export = server.uri().resolve("/datasets/" + id + "/export?format=csv");
        var rows = server.uri()
                .resolve("/datasets/" + id + "/rows?filter=channel:eq:kiosk&limit=")
                .toString();
        firstPage = URI.create(rows + PAGE);
        // Walk every page to find the last one and how many rows come before it.
        String cursor = null;
        long before = 0;
        while (true) {
            var page = get(URI.create(rows + PAGE + (cursor == null ? "" : "&cursor=" + cursor)));
            if (!page.hasNonNull("next")) {
                break;
            }
            before += page.get("items").size();
            cursor = page.get("next").asText();
        }
        lastPageByCursor = URI.create(rows + PAGE + (cursor == null ? "" : "&cursor=" + cursor));
        lastPageByOffset = server.uri()
                .resolve("/api/3/action/datastore_search?resource_id=" + id + "&limit=" + PAGE + "&offset=" + before
                        + "&include_total=false&filters="
                        + URLEncoder.encode("{\"channel\":\"kiosk\"}", StandardCharsets.UTF_8));

        var byCursor = ids(get(lastPageByCursor).get("items"));
        var byOffset = ids(get(lastPageByOffset).get("result").get("records"));
        if (byCursor.isEmpty() || !byCursor.equals(byOffset)) {
            throw new IllegalStateException(
                    "cursor and offset disagree on the last page: " + byCursor + " vs " + byOffset);
        }
        var aggregate = server.uri().resolve("/datasets/" + id + "/aggregate?group_by=month%28day%29&limit=10000");
        monthlyCount = aggregate;
        monthlyCountFromRows = URI.create(aggregate + "&filter=id:gte:0");
        var parquet = data.resolve("transactions.parquet");
        if (!Files.exists(parquet)) {
            var response = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/datasets/" + id + "/export?format=parquet"))
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(parquet));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the Parquet export answered " + response.statusCode());
            }
        }
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
        duckDbMonthlyCount = "SELECT date_trunc('month', day) AS month, count(*) FROM read_parquet('" + parquet
                + "') GROUP BY 1 ORDER BY 1";
        var counts = new ArrayList<Long>();
        get(monthlyCount)
                .get("groups")
                .forEach(group -> counts.add(group.get("count").asLong()));
        var fromRows = new ArrayList<Long>();
        get(monthlyCountFromRows)
                .get("groups")
                .forEach(group -> fromRows.add(group.get("count").asLong()));
        var fromDuckDb = duckDbCounts();
        if (counts.isEmpty() || !counts.equals(fromRows) || !counts.equals(fromDuckDb)) {
            throw new IllegalStateException(
                    "the monthly counts disagree: rollup " + counts + ", rows " + fromRows + ", DuckDB " + fromDuckDb);
        }
        var endpoint = sha256(out -> copy(openExport(), out));
        var bare = sha256(out -> jdbcLoop(out));
        if (!endpoint.equals(bare)) {
            throw new IllegalStateException("the bare JDBC loop does not write the endpoint's CSV");
        }
        System.out.printf(
                "%n%d rows; %d match the filter; last page starts after %d; export SHA-256 %s%n",
                ROWS, before + byCursor.size(), before, endpoint);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        duckDb.close();
        tokens.close();
        server.close();
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 10, time = 1)
    public long exportEndpoint() throws IOException {
        return copy(openExport(), OutputStream.nullOutputStream());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 10, time = 1)
    public long exportBareJdbc() throws Exception {
        var counter = new CountingStream();
        jdbcLoop(counter);
        return counter.count;
    }

    /**
     * The physical limit: PostgreSQL writing the same rows as CSV itself ({@code COPY ... TO STDOUT
     * (FORMAT csv)}), read through the driver's {@code CopyManager}, in the same JVM, no HTTP.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 10, time = 1)
    public long exportPostgresCopy() throws Exception {
        var columns = new ArrayList<String>();
        for (int i = 0; i < header.size(); i++) {
            columns.add("c" + i);
        }
        var counter = new CountingStream();
        try (var connection = database.dataSource().getConnection()) {
            new CopyManager(connection.unwrap(BaseConnection.class))
                    .copyOut(
                            "COPY (SELECT " + String.join(",", columns) + " FROM " + table
                                    + " ORDER BY _row) TO STDOUT (FORMAT csv, HEADER)",
                            counter);
        }
        return counter.count;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 4)
    public JsonNode firstPageByCursor() throws IOException {
        return get(firstPage);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 4)
    public JsonNode lastPageByCursor() throws IOException {
        return get(lastPageByCursor);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 4)
    public JsonNode lastPageByOffset() throws IOException {
        return get(lastPageByOffset);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 4)
    public JsonNode monthlyCount() throws IOException {
        return get(monthlyCount);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 4)
    public JsonNode monthlyCountFromRows() throws IOException {
        return get(monthlyCountFromRows);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 4)
    public List<Long> duckDbMonthlyCount() throws SQLException {
        return duckDbCounts();
    }

    private List<Long> duckDbCounts() throws SQLException {
        var counts = new ArrayList<Long>();
        try (var statement = duckDb.createStatement();
                var rows = statement.executeQuery(duckDbMonthlyCount)) {
            while (rows.next()) {
                counts.add(rows.getLong(2));
            }
        }
        return counts;
    }

    /** What someone would write without the endpoint: the same rows in the same order, as the same CSV. */
    private void jdbcLoop(OutputStream target) throws Exception {
        var columns = new ArrayList<String>();
        for (int i = 0; i < header.size(); i++) {
            columns.add("c" + i);
        }
        try (var connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "SELECT " + String.join(",", columns) + " FROM " + table + " ORDER BY _row")) {
                statement.setFetchSize(5_000);
                var out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
                var line = new StringBuilder(256);
                line.append(String.join(",", header)).append("\r\n");
                out.write(line.toString());
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        line.setLength(0);
                        for (int i = 1; i <= columns.size(); i++) {
                            if (i > 1) {
                                line.append(',');
                            }
                            var value = rows.getString(i);
                            if (value != null) {
                                cell(
                                        line,
                                        header.get(i - 1).equals("settled")
                                                ? String.valueOf(rows.getBoolean(i))
                                                : value);
                            }
                        }
                        out.write(line.append("\r\n").toString());
                    }
                }
                out.flush();
            }
            connection.commit();
        }
    }

    private static void cell(StringBuilder line, String value) {
        if (value.isEmpty()
                || value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            line.append(value);
        }
    }

    private InputStream openExport() throws IOException {
        try {
            var response = http.send(HttpRequest.newBuilder(export).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IOException("export answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private JsonNode get(URI uri) throws IOException {
        try {
            var response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return KhidmaJson.mapper().readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static List<Long> ids(JsonNode rows) {
        var ids = new ArrayList<Long>();
        rows.forEach(row -> ids.add(row.get("id").asLong()));
        return ids;
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        try (in) {
            return in.transferTo(out);
        }
    }

    private interface Writing {
        void to(OutputStream out) throws Exception;
    }

    private static String sha256(Writing writing) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (var out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            writing.to(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static NewDataset dataset() {
        return new NewDataset(
                Text.of("سجل المعاملات (بيانات تجريبية)", "Transactions log (synthetic)"),
                Text.of("بيانات مولدة لقياس الأداء", "Generated data for benchmarks"),
                List.of("GOVE"),
                List.of("benchmark"),
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Bench", "bench@example.ae"),
                null,
                null,
                UpdateFrequency.IRREGULAR,
                new TableSchema(
                        List.of(
                                Field.of("id", FieldType.INTEGER),
                                Field.of("day", FieldType.DATE),
                                Field.of("channel", FieldType.STRING)
                                        .with(new Constraints(
                                                true, null, null, null, null, null, null, List.of(CHANNELS)))
                                        .indexed(),
                                Field.of("emirate", FieldType.STRING).indexed(),
                                Field.of("amount", FieldType.NUMBER),
                                Field.of("note", FieldType.STRING),
                                Field.of("settled", FieldType.BOOLEAN)),
                        List.of("id"),
                        null));
    }

    /** The million rows as a CSV file: the same every run. */
    static Path generate(Path file) throws IOException {
        var random = new Random(7);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,day,channel,emirate,amount,note,settled\r\n");
            var line = new StringBuilder(128);
            for (int i = 1; i <= ROWS; i++) {
                line.setLength(0);
                line.append(i)
                        .append(',')
                        .append(java.time.LocalDate.of(2022, 1, 1).plusDays(random.nextInt(1095)))
                        .append(',')
                        .append(CHANNELS[random.nextInt(CHANNELS.length)])
                        .append(',')
                        .append(EMIRATES[random.nextInt(EMIRATES.length)])
                        .append(',')
                        .append(random.nextInt(200_000) / 100.0)
                        .append(',');
                var note = NOTES[random.nextInt(NOTES.length)];
                cell(line, note);
                line.append(',').append(random.nextBoolean()).append("\r\n");
                out.write(line.toString());
            }
        }
        return file;
    }
}
