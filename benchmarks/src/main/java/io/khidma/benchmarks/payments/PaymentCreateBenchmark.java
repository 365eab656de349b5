package io.khidma.benchmarks.payments;

import io.khidma.core.json.KhidmaJson;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.Payment;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payments created per second through {@link PaymentsClient} against the in-process server kit on
 * an embedded PostgreSQL: each call is a full {@code POST /payments} of a three-fee basket of two
 * agencies, with a bearer token, an idempotency key stored in the database, fees priced from the
 * catalogue, and the payment, its line items and its first event written in one statement.
 *
 * <p>The reference, {@code bareJdbc*}: the same rows written by hand through JDBC on the server's
 * own pool, in the same commits (the idempotency key claimed, the payment with its line items and
 * first event in a transaction of three statements, the key's stored answer), with no HTTP,
 * token, validation, pricing or JSON. The ratio is what the API's layers cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// On 2 cores the server's JIT takes about two and a half minutes of this load to compile its hot
// paths (its compiler thread shares the cores with the 8 callers, the server and PostgreSQL): a
// shorter warm-up measures that climb, 300/s rising to 1,000/s on the same machine.
@Warmup(iterations = 75, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PaymentCreateBenchmark {

    /**
     * Set to {@code true} ({@code -jvmArgsAppend -Dkhidma.bench.virtualThreads=true}, Java 21 and
     * later) to run the server's requests on virtual threads instead of Grizzly's workers.
     */
    public static final String VIRTUAL_THREADS = "khidma.bench.virtualThreads";

    private PaymentsBench bench;
    private PaymentsClient client;
    private Payment priced;
    private byte[] answer;

    private static final byte[] REQUEST_HASH = new byte[32];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bench = PaymentsBench.start(
                database -> {}, server -> server.virtualThreads(Boolean.getBoolean(VIRTUAL_THREADS)));
        client = bench.client();
        // The reference writes what the server wrote for this one: the same prices, names and answer.
        priced = client.create(bench.basket);
        answer = KhidmaJson.mapper().writeValueAsBytes(priced);
    }

    /**
     * Every iteration starts on empty payment tables, so the API and the faster bare writes are
     * measured on tables of the same size (left to grow, the bare writes' would be larger, and
     * slower to write to, by the end of the warm-up).
     */
    @Setup(Level.Iteration)
    public void emptyTables() {
        bench.database.jdbi().useHandle(h -> h.execute("TRUNCATE payment, idempotency_key CASCADE"));
    }

    @Benchmark
    @Threads(1)
    public Payment createOneAtATime() {
        return client.create(bench.basket);
    }

    @Benchmark
    @Threads(8)
    public Payment createEightAtATime() {
        return client.create(bench.basket);
    }

    @Benchmark
    @Threads(1)
    public UUID bareJdbcOneAtATime() throws SQLException {
        return writeRows();
    }

    @Benchmark
    @Threads(8)
    public UUID bareJdbcEightAtATime() throws SQLException {
        return writeRows();
    }

    /** The rows one payment's creation leaves, in the commits the server makes them in. */
    private UUID writeRows() throws SQLException {
        var id = UUID.randomUUID();
        var key = UUID.randomUUID().toString();
        var now = Timestamp.from(Instant.now());
        try (var connection = bench.database.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            try (var claim = connection.prepareStatement(
                    "INSERT INTO idempotency_key (scope, key, request_hash) VALUES (?, ?, ?)")) {
                claim.setString(1, "bench");
                claim.setString(2, key);
                claim.setBytes(3, REQUEST_HASH);
                claim.executeUpdate();
            }
            connection.setAutoCommit(false);
            try (var payment = connection.prepareStatement("""
                            INSERT INTO payment (id, status, amount, currency, reference, description, channel, return_url,
                                                 language, citizen, created_by, delayed_capture, page_token, idempotency_key,
                                                 created_at, expires_at, updated_at)
                            VALUES (?, 'CREATED', ?, 'AED', ?, ?, 'ONLINE', ?, 'ar', NULL, ?, false, ?, ?, ?, ?, ?)
                            """);
                    var items = connection.prepareStatement("""
                            INSERT INTO payment_line_item (payment_id, number, service_id, service_code, fee_code, agency_id,
                                                           agency_name_ar, agency_name_en, description_ar, description_en,
                                                           quantity, unit_amount, amount)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """);
                    var event = connection.prepareStatement(
                            "INSERT INTO payment_event (payment_id, type, status, at, detail)"
                                    + " VALUES (?, 'payment.created', 'CREATED', ?, NULL)")) {
                payment.setObject(1, id);
                payment.setLong(2, priced.amount());
                payment.setString(3, priced.reference());
                payment.setString(4, priced.description());
                payment.setString(5, priced.returnUrl().toString());
                payment.setString(6, "rta-portal");
                payment.setString(7, UUID.randomUUID().toString());
                payment.setString(8, key);
                payment.setTimestamp(9, now);
                payment.setTimestamp(10, Timestamp.from(now.toInstant().plusSeconds(1800)));
                payment.setTimestamp(11, now);
                payment.executeUpdate();
                for (var item : priced.lineItems()) {
                    items.setObject(1, id);
                    items.setInt(2, item.number());
                    items.setObject(3, item.serviceId());
                    items.setString(4, item.serviceCode());
                    items.setString(5, item.feeCode());
                    items.setString(6, item.agencyId());
                    items.setString(7, item.agencyName().ar());
                    items.setString(8, item.agencyName().en());
                    items.setString(
                            9,
                            item.description() == null
                                    ? null
                                    : item.description().ar());
                    items.setString(
                            10,
                            item.description() == null
                                    ? null
                                    : item.description().en());
                    items.setInt(11, item.quantity());
                    items.setLong(12, item.unitAmount());
                    items.setLong(13, item.amount());
                    items.addBatch();
                }
                items.executeBatch();
                event.setObject(1, id);
                event.setTimestamp(2, now);
                event.executeUpdate();
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            try (var complete = connection.prepareStatement("""
                    UPDATE idempotency_key SET status = 201, content_type = 'application/json', location = ?,
                                               etag = NULL, body = ?, completed_at = now()
                     WHERE scope = ? AND key = ?
                    """)) {
                complete.setString(1, "/payments/" + id);
                complete.setBytes(2, answer);
                complete.setString(3, "bench");
                complete.setString(4, key);
                complete.executeUpdate();
            }
        }
        return id;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        bench.close();
    }
}
