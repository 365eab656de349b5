package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.server.Database;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.text.Text;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.opendata.AggregateQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.model.UpdateFrequency;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open-data reads from a real streaming hot standby (Debian's PostgreSQL 15, {@code
 * scripts/install-postgresql}): they go to the standby once it has replayed what they read, a
 * version published while the standby is behind is read from the primary and never stale, and
 * with the standby stopped the server goes on serving from the primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {

    static final Duration MAX_LAG = Duration.ofSeconds(2);

    static StreamingReplication replication;
    static Database database;
    static KhidmaServer server;
    static ClientCredentialsTokenProvider rta;
    static OpenDataClient publisher;
    static OpenDataClient reader;
    static UUID dataset;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        assertThat(StreamingReplication.BIN.resolve("postgres"))
                .as("scripts/install-postgresql installs Debian's PostgreSQL 15")
                .isExecutable();
        replication = StreamingReplication.start();
        database = Database.connect(replication.primaryUrl(), "postgres", "")
                .withReadReplicas(List.of(replication.standbyUrl()), MAX_LAG)
                .migrate("opendata");
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var identity = SandboxIdentities.load().provider(URI.create("http://127.0.0.1:" + port + "/identity"));
        server = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new OpenDataFeature(
                        database,
                        OpenDataOptions.defaults()
                                .withRateLimits(RateLimits.defaults().withAnonymous(1_000_000))))
                .start();
        rta = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic(Platform.RTA, Platform.RTA_SECRET))
                .build();
        publisher =
                OpenDataClient.builder().endpoint(server.uri()).credentials(rta).build();
        reader = OpenDataClient.builder().endpoint(server.uri()).build();
        dataset = publisher.create(dataset()).value().id();
        upload("first", 120);
        publisher.publish(dataset);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {reader, publisher, rta, server, database, replication}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("could not close " + closeable + ": " + e);
                }
            }
        }
    }

    @Test
    @Order(1)
    void readsGoToTheStandbyOnceItHasReplayedTheVersion() throws Exception {
        var replicas = database.readReplicas();
        awaitAReadFromTheStandby();
        long before = replicas.reads("replica-1");
        var rows = reader.rows(dataset, RowQuery.all().pageSize(1000)).stream().toList();
        var counts = reader.aggregate(dataset, AggregateQuery.groupBy("batch").count());
        var file = dir.resolve("all.csv");
        reader.download(dataset, DownloadFormat.CSV, file, ProgressListener.NONE);

        assertThat(rows).hasSize(120).allSatisfy(row -> assertThat(row.get("batch"))
                .isEqualTo("first"));
        assertThat(counts.groups()).containsExactly(Map.of("batch", "first", "count", 120L));
        assertThat(Files.readAllLines(file)).hasSize(121);
        assertThat(replicas.reads("replica-1") - before)
                .as("reads served by the standby")
                .isGreaterThanOrEqualTo(3);
        // The standby's own statistics show the scans (they are flushed about once a second).
        await().atMost(Duration.ofSeconds(10)).until(() -> standbyScans() > 0);
    }

    @Test
    @Order(2)
    void aVersionPublishedWhileTheStandbyIsBehindIsNeverReadStale() throws Exception {
        var replicas = database.readReplicas();
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas.usable() == 1);
        onStandby("SELECT pg_wal_replay_pause()");
        try {
            upload("second", 80);
            long standbyBefore = replicas.reads("replica-1");
            long primaryBefore = replicas.reads("primary");

            var rows =
                    reader.rows(dataset, RowQuery.all().pageSize(1000)).stream().toList();

            assertThat(rows).hasSize(80).allSatisfy(row -> assertThat(row.get("batch"))
                    .isEqualTo("second"));
            assertThat(replicas.reads("replica-1")).isEqualTo(standbyBefore);
            assertThat(replicas.reads("primary")).isGreaterThan(primaryBefore);
            // Paused, it cannot catch up: past the bound it is left out for every read.
            await().atMost(MAX_LAG.multipliedBy(5)).until(() -> replicas.usable() == 0);
        } finally {
            onStandby("SELECT pg_wal_replay_resume()");
        }
        // Replaying again, it catches up, and reads of the new version go back to it.
        awaitAReadFromTheStandby();
        assertThat(reader.rows(dataset, RowQuery.all().pageSize(1000)).stream().toList())
                .hasSize(80)
                .allSatisfy(row -> assertThat(row.get("batch")).isEqualTo("second"));
    }

    /** Reads until one is served by the standby: it is in use and has replayed the latest version. */
    private static void awaitAReadFromTheStandby() {
        var replicas = database.readReplicas();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    long before = replicas.reads("replica-1");
                    reader.aggregate(dataset, AggregateQuery.groupBy("batch").count());
                    return replicas.reads("replica-1") > before;
                });
    }

    @Test
    @Order(3)
    void withTheStandbyStoppedReadsGoOnFromThePrimary() {
        var replicas = database.readReplicas();
        replication.stopStandby();

        for (int i = 0; i < 5; i++) {
            var rows =
                    reader.rows(dataset, RowQuery.all().pageSize(1000)).stream().toList();
            assertThat(rows).hasSize(80);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> replicas.usable() == 0);
        long primaryBefore = replicas.reads("primary");
        assertThat(reader.aggregate(dataset, AggregateQuery.groupBy("batch").count())
                        .groups())
                .containsExactly(Map.of("batch", "second", "count", 80L));
        assertThat(replicas.reads("primary")).isGreaterThan(primaryBefore);
    }

    private static void upload(String batch, int rows) {
        var csv = new StringBuilder("id,batch,amount\r\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(',').append(batch).append(',').append(i * 10).append("\r\n");
        }
        publisher.upload(dataset, new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static NewDataset dataset() {
        return new NewDataset(
                Text.of("دفعات تجريبية", "Test batches"),
                Text.of("صفوف لتجربة القراءة من النسخة الاحتياطية", "Rows for trying reads from a standby"),
                List.of("GOVE"),
                List.of("replication"),
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Open data team", "opendata@example.ae"),
                null,
                "United Arab Emirates",
                UpdateFrequency.IRREGULAR,
                new TableSchema(
                        List.of(
                                Field.of("id", FieldType.INTEGER),
                                Field.of("batch", FieldType.STRING),
                                Field.of("amount", FieldType.INTEGER)),
                        List.of("id"),
                        null));
    }

    /** Scans of open-data tables the standby itself made: reads that really ran there. */
    private static long standbyScans() throws Exception {
        try (var connection = DriverManager.getConnection(replication.standbyUrl(), "postgres", "");
                var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables"
                                + " WHERE relname LIKE 'opendata_data_%'")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void onStandby(String sql) throws Exception {
        try (var connection = DriverManager.getConnection(replication.standbyUrl(), "postgres", "");
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
