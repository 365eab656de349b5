package io.khidma.benchmarks.requests;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.KeysetCursor;
import io.khidma.requests.model.JourneyApplication;
import io.khidma.requests.model.NewJourneyApplication;
import io.khidma.requests.model.RequestPage;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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

/**
 * The agency inbox over 1,000,000 requests of 40 agencies, and a journey application of six steps
 * across five agencies, without HTTP: the server kit's own calls, timed per call (p50/p99).
 *
 * <ul>
 *   <li>{@code inboxFirstPage} / {@code inboxDeepPage}: one page of 20 of an agency's open
 *       requests, soonest due first, the first and one 10,000 rows in by keyset cursor, as the
 *       server kit answers them (rows, services and views); the reference is the query a developer
 *       would write by hand for one agency, by bare JDBC ({@code bareJdbc*}), reading two columns.
 *   <li>{@code journeySixSteps}: checks the shared application against each step's form,
 *       creates one payment for two steps' fees, numbers and stores six requests, their events
 *       and outbox entries; the reference {@code bareJdbcJourney} inserts the same seven rows and
 *       six events in one transaction, with no checks.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestInboxBenchmark {

    static final int ROWS = 1_000_000;
    /** What a developer writing the query by hand for one agency would send, first page and next. */
    static final String FIRST_PAGE_SQL = """
            SELECT * FROM requests_request
             WHERE agency_id = ? AND status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED')
             ORDER BY due_at, id LIMIT 21
            """;

    static final String NEXT_PAGE_SQL = """
            SELECT * FROM requests_request
             WHERE agency_id = ? AND status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED')
               AND (due_at, id) > (?, ?)
             ORDER BY due_at, id LIMIT 21
            """;

    private RequestsBench bench;
    private KhidmaPrincipal officer;
    private KhidmaPrincipal citizen;
    private String deepCursor;
    private Instant deepDue;
    private UUID deepId;
    private NewJourneyApplication application;
    private java.sql.Connection connection;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bench = new RequestsBench();
        bench.database.jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                        submitted_by, channel, language, status, data, sla_seconds, due_at, submitted_at,
                        created_at, updated_at)
                    SELECT gen_random_uuid(), 'B' || (g % 40) || '-2026-' || lpad(g::text, 7, '0'), s.id, s.code,
                           s.agency_id, 'citizen-' || (g % 50000), 'bench', 'WEB', 'ar',
                           (ARRAY['SUBMITTED', 'IN_REVIEW', 'COMPLETED', 'INFO_REQUESTED', 'COMPLETED',
                                  'APPROVED', 'REJECTED', 'COMPLETED'])[1 + (g / 40) % 8],
                           '{"worker_name": "Ravi Kumar", "job_title": "Chef"}', 432000,
                           now() + (g % 100000) * interval '1 minute', now(), now(), now()
                      FROM generate_series(1, ?) g
                      JOIN catalogue_service s ON s.code = 'BENCH-' || lpad((g % 40)::text, 2, '0')
                    """, ROWS);
            h.execute("ANALYZE requests_request");
        });
        officer = new KhidmaPrincipal(
                "bench-officer",
                KhidmaPrincipal.Kind.AGENCY_CLIENT,
                "bench-officer",
                RequestsBench.agency(7),
                Set.of("requests:process"),
                null);
        citizen = new KhidmaPrincipal("citizen-bench", KhidmaPrincipal.Kind.CITIZEN, "portal", null, Set.of(), null);
        // The position 10,000 rows into agency 7's open requests.
        var deep = bench.database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT due_at, id FROM requests_request
                         WHERE agency_id = :agency AND status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED')
                         ORDER BY due_at, id OFFSET 10000 LIMIT 1
                        """)
                .bind("agency", RequestsBench.agency(7))
                .map((rs, ctx) -> new Object[] {rs.getTimestamp("due_at").toInstant(), rs.getObject("id", UUID.class)})
                .one());
        deepDue = (Instant) deep[0];
        deepId = (UUID) deep[1];
        deepCursor = new KeysetCursor(deepDue, deepId).encode();
        var scan = bench.database.jdbi().withHandle(h -> {
            var id = UUID.randomUUID();
            h.createUpdate("""
                            INSERT INTO requests_document (id, owner, uploaded_by, media_type, size, sha256, content, created_at)
                            VALUES (:id, 'citizen-bench', 'bench', 'application/pdf', 15, repeat('0', 64), '%PDF-1.7'::bytea, now())
                            """).bind("id", id).execute();
            return id;
        });
        application = NewJourneyApplication.of(
                        "BENCH-JOURNEY",
                        KhidmaJson.mapper().readTree(RequestsBench.APPLICATION),
                        List.of(
                                RequestsBench.agency(0),
                                RequestsBench.agency(1),
                                RequestsBench.agency(2),
                                RequestsBench.agency(3),
                                RequestsBench.agency(4)))
                .withDocuments(List.of(new io.khidma.requests.model.DocumentRef("passport", scan)));
        connection = bench.database.dataSource().getConnection();
    }

    @Benchmark
    public RequestPage inboxFirstPage() {
        return bench.requests.requests().inbox(officer, null, null, null, null, null, null, 20, null);
    }

    @Benchmark
    public RequestPage inboxDeepPage() {
        return bench.requests.requests().inbox(officer, null, null, null, null, null, null, 20, deepCursor);
    }

    @Benchmark
    public int bareJdbcFirstPage() throws Exception {
        return page(null, null);
    }

    @Benchmark
    public int bareJdbcDeepPage() throws Exception {
        return page(deepDue, deepId);
    }

    @Benchmark
    public JourneyApplication journeySixSteps() {
        return bench.requests
                .journeys()
                .apply(citizen, application, URI.create("http://127.0.0.1/"), null, Locale.ENGLISH);
    }

    @Benchmark
    public int bareJdbcJourney() throws Exception {
        connection.setAutoCommit(false);
        try (var journey = connection.prepareStatement("""
                        INSERT INTO requests_journey (id, number, journey_code, citizen, submitted_by, steps, consent, created_at)
                        VALUES (?, ?, 'BENCH-JOURNEY', 'citizen-bench', 'portal', '[]', '[]', now())
                        """);
                var request = connection.prepareStatement("""
                        INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                            submitted_by, channel, language, status, data, journey_id, step_key, created_at, updated_at)
                        VALUES (?, ?, ?, 'BENCH-00', 'agency-00', 'citizen-bench', 'portal', 'WEB', 'ar', 'BLOCKED',
                            ?::jsonb, ?, ?, now(), now())
                        """);
                var event = connection.prepareStatement("""
                        INSERT INTO requests_event (request_id, type, status, actor, at) VALUES (?, 'blocked', 'BLOCKED', 'citizen', now())
                        """)) {
            var journeyId = UUID.randomUUID();
            journey.setObject(1, journeyId);
            journey.setString(2, "JB-" + journeyId);
            journey.executeUpdate();
            var service = UUID.randomUUID();
            for (int i = 0; i < 6; i++) {
                var id = UUID.randomUUID();
                request.setObject(1, id);
                request.setString(2, "RB-" + id);
                request.setObject(3, service);
                request.setString(4, RequestsBench.APPLICATION);
                request.setObject(5, journeyId);
                request.setString(6, "step-" + i);
                request.executeUpdate();
                event.setObject(1, id);
                event.executeUpdate();
            }
            connection.commit();
            return 13;
        } catch (Exception e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int page(Instant due, UUID id) throws Exception {
        try (var statement = connection.prepareStatement(due == null ? FIRST_PAGE_SQL : NEXT_PAGE_SQL)) {
            statement.setString(1, RequestsBench.agency(7));
            if (due != null) {
                statement.setTimestamp(2, Timestamp.from(due));
                statement.setObject(3, id);
            }
            int rows = 0;
            try (var results = statement.executeQuery()) {
                while (results.next()) {
                    rows += results.getString("number").length()
                            + results.getString("data").length();
                }
            }
            return rows;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        connection.close();
        bench.close();
    }
}
