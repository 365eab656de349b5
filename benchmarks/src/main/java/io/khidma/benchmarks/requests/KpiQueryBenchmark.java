package io.khidma.benchmarks.requests;

import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.TransactionKpis;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
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
 * Transaction KPIs over 1,000,000 requests of 40 agencies spread over a year (every one submitted,
 * 60% completed, half of those rated), without HTTP, timed per call (p50/p99). The requests and
 * their events are written by SQL, so the notes the trigger leaves are folded into the rollups
 * once in the setup (its rate is printed), as the server kit's fold does every ten seconds.
 *
 * <ul>
 *   <li>{@code yearByMonthAndChannel}: twelve months by channel, every agency: what the live
 *       transactions-by-channel dataset reads;
 *   <li>{@code agencyYearByMonth}: one agency's twelve months;
 *   <li>the references, {@code directSql*}: the same counts and medians straight from the requests
 *       and their events with PostgreSQL's aggregates (what one would write without rollups).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KpiQueryBenchmark {

    static final int ROWS = 1_000_000;
    static final ZoneId DUBAI = ZoneId.of("Asia/Dubai");

    static final String DIRECT_SQL = """
            SELECT date_trunc('month', (e.at AT TIME ZONE 'Asia/Dubai')::date)::date AS month, r.channel,
                   count(*) FILTER (WHERE e.type = 'submitted') AS transactions,
                   count(*) FILTER (WHERE e.type = 'completed') AS completed,
                   count(*) FILTER (WHERE e.type = 'completed' AND e.at <= r.due_at) AS in_sla,
                   avg(r.rating) FILTER (WHERE e.type = 'rated') AS rating,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY e.at - r.submitted_at)
                       FILTER (WHERE e.type = 'completed') AS median
              FROM requests_event e JOIN requests_request r ON r.id = e.request_id
             WHERE e.at >= ? AND (CAST(? AS text) IS NULL OR r.agency_id = ?)
             GROUP BY 1, 2
            """;

    private RequestsBench bench;
    private KpiQuery everyChannel;
    private KpiQuery oneAgency;
    private Connection connection;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bench = new RequestsBench();
        bench.database.jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                        submitted_by, channel, language, status, data, sla_seconds, due_at, rating, submitted_at,
                        created_at, updated_at)
                    SELECT gen_random_uuid(), 'K' || (g % 40) || '-2026-' || lpad(g::text, 7, '0'), s.id, s.code,
                           s.agency_id, 'citizen-' || (g % 50000), 'bench',
                           (ARRAY['WEB', 'MOBILE_APP', 'MOBILE_APP', 'KIOSK', 'SERVICE_CENTRE', 'CALL_CENTRE',
                                  'HOME_DELIVERY'])[1 + g % 7],
                           'ar', CASE WHEN g % 10 < 6 THEN 'COMPLETED' ELSE 'SUBMITTED' END, '{}', 432000,
                           t.at + interval '5 days', CASE WHEN g % 10 < 3 THEN 1 + g % 5 END, t.at, t.at, t.at
                      FROM generate_series(1, ?) g
                      JOIN catalogue_service s ON s.code = 'BENCH-' || lpad((g % 40)::text, 2, '0')
                      CROSS JOIN LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS at) t
                    """, ROWS);
            h.execute("""
                    INSERT INTO requests_event (request_id, type, status, actor, at)
                    SELECT id, 'submitted', 'SUBMITTED', 'bench', submitted_at FROM requests_request
                     WHERE service_code LIKE 'BENCH-%'
                    UNION ALL
                    SELECT id, 'completed', 'COMPLETED', 'bench',
                           submitted_at + (1 + abs(hashtext(number)) % 200) * interval '1 hour'
                      FROM requests_request WHERE status = 'COMPLETED'
                    UNION ALL
                    SELECT id, 'rated', 'COMPLETED', 'citizen', submitted_at + interval '10 days'
                      FROM requests_request WHERE rating IS NOT NULL
                    """);
            h.execute("ANALYZE");
        });
        long started = System.nanoTime();
        int folded = bench.requests.kpis().fold();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("folded %,d notes in %.1f s: %,.0f notes/s%n", folded, seconds, folded / seconds);
        // What autovacuum does after that many new rows: statistics, and the visibility map that
        // lets reads of the histograms be index-only scans.
        bench.database.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
        var thisMonth = LocalDate.now(DUBAI).withDayOfMonth(1);
        var from = thisMonth.minusMonths(11);
        everyChannel = KpiQuery.monthly(from, thisMonth.plusMonths(1)).by(KpiDimension.CHANNEL);
        oneAgency = KpiQuery.monthly(from, thisMonth.plusMonths(1)).forAgency(RequestsBench.agency(7));
        connection = bench.database.dataSource().getConnection();
    }

    @Benchmark
    public TransactionKpis yearByMonthAndChannel() {
        return bench.requests.kpis().transactions(everyChannel);
    }

    @Benchmark
    public TransactionKpis agencyYearByMonth() {
        return bench.requests.kpis().transactions(oneAgency);
    }

    @Benchmark
    public int directSqlYearByMonthAndChannel() throws Exception {
        return direct(null);
    }

    @Benchmark
    public int directSqlAgencyYearByMonth() throws Exception {
        return direct(RequestsBench.agency(7));
    }

    private int direct(String agency) throws Exception {
        try (var statement = connection.prepareStatement(DIRECT_SQL)) {
            statement.setObject(1, everyChannel.from().atStartOfDay(DUBAI).toOffsetDateTime());
            statement.setString(2, agency);
            statement.setString(3, agency);
            int rows = 0;
            try (var results = statement.executeQuery()) {
                while (results.next()) {
                    rows += results.getInt("transactions");
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
