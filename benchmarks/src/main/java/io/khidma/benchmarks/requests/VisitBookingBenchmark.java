package io.khidma.benchmarks.requests;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.text.Text;
import io.khidma.requests.model.Area;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.NewSlot;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.Place;
import io.khidma.requests.model.Visit;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Home visits booked per second under contention, without HTTP: 8 threads book into the same two
 * slots. Each {@code VisitService.book} checks the caller may see the request, locks it, refuses a
 * second active visit, takes a place with the slot counter's conditional update (the row lock
 * every booker of the slot queues on), writes the visit, its timeline event and its outbox event,
 * and reads the visit back. The reference {@code bareJdbc} is the least a correct booking does by
 * hand: lock the request, take the place with the same conditional update, insert the visit. After
 * the run, every slot's counter must equal its visits and stay within its capacity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class VisitBookingBenchmark {

    /** Requests to book for: more than both benchmarks can book in their run. */
    static final int REQUESTS = 400_000;

    private RequestsBench bench;
    private KhidmaPrincipal citizen;
    private List<String> numbers;
    private final AtomicInteger next = new AtomicInteger();
    private List<UUID> slots;
    private Place place;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new RequestsBench();
        bench.database.jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                        submitted_by, channel, language, status, data, sla_seconds, due_at, submitted_at,
                        created_at, updated_at)
                    SELECT gen_random_uuid(), 'HOME-2026-' || lpad(g::text, 7, '0'), s.id, s.code, s.agency_id,
                           'citizen-bench', 'portal', 'MOBILE_APP', 'ar', 'SUBMITTED', '{}', 172800,
                           now() + interval '2 days', now(), now(), now()
                      FROM generate_series(1, ?) g JOIN catalogue_service s ON s.code = ?
                    """, REQUESTS, RequestsBench.HOME);
            h.execute("ANALYZE requests_request");
        });
        numbers = bench.database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT number FROM requests_request WHERE service_code = :code ORDER BY number")
                .bind("code", RequestsBench.HOME)
                .mapTo(String.class)
                .list());
        var agency = new KhidmaPrincipal(
                "bench-back-office",
                KhidmaPrincipal.Kind.AGENCY_CLIENT,
                "bench-back-office",
                RequestsBench.agency(6),
                Set.of("requests:process"),
                null);
        var start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        var capacity = new ArrayList<NewSlot>();
        for (int i = 0; i < 2; i++) {
            capacity.add(new NewSlot(
                    "bench-area",
                    start.plus(Duration.ofHours(2L * i)),
                    start.plus(Duration.ofHours(2L * i + 1)),
                    1000,
                    0));
        }
        slots = bench
                .requests
                .visits()
                .publish(
                        agency,
                        RequestsBench.HOME,
                        new Capacity(24, List.of(new Area("bench-area", "Dubai", Text.of("منطقة", "Area"))), capacity))
                .items()
                .stream()
                .map(s -> s.id())
                .toList();
        // Room for every booking of the run: the contention is on the slot rows, not on a full slot.
        bench.database.jdbi().useHandle(h -> h.execute("UPDATE requests_slot SET capacity = ?", REQUESTS));
        citizen = new KhidmaPrincipal("citizen-bench", KhidmaPrincipal.Kind.CITIZEN, "portal", null, Set.of(), null);
        place = new Place("Villa 12, Street 5", "Al Barsha 2", 25.11, 55.2);
    }

    /** Per thread: a connection for the bare JDBC bookings. */
    @State(Scope.Thread)
    public static class Jdbc {
        Connection connection;

        @Setup(Level.Trial)
        public void open(VisitBookingBenchmark benchmark) throws Exception {
            connection = benchmark.bench.database.dataSource().getConnection();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            connection.close();
        }
    }

    @Benchmark
    @Threads(8)
    public Visit book() {
        int i = next.getAndIncrement();
        return bench.requests
                .visits()
                .book(citizen, numbers.get(i), new NewVisit(slots.get(i % 2), place, "0501234567", null, "ar"));
    }

    @Benchmark
    @Threads(8)
    public int bareJdbc(Jdbc jdbc) throws Exception {
        int i = next.getAndIncrement();
        var connection = jdbc.connection;
        connection.setAutoCommit(false);
        try (var lock = connection.prepareStatement("SELECT id FROM requests_request WHERE number = ? FOR UPDATE");
                var take = connection.prepareStatement("""
                        UPDATE requests_slot SET booked = booked + 1
                         WHERE id = ? AND starts_at > now() AND booked < capacity
                        """);
                var insert = connection.prepareStatement("""
                        INSERT INTO requests_visit (id, request_id, slot_id, agency_id, citizen, booked_by, address, district,
                            contact_phone, language, status, created_at, updated_at)
                        VALUES (?, ?, ?, 'agency-06', 'citizen-bench', 'portal', 'Villa 12', 'Al Barsha 2', '0501234567',
                            'ar', 'BOOKED', now(), now())
                        """)) {
            lock.setString(1, numbers.get(i));
            UUID request;
            try (var rows = lock.executeQuery()) {
                rows.next();
                request = rows.getObject(1, UUID.class);
            }
            var slot = slots.get(i % 2);
            take.setObject(1, slot);
            if (take.executeUpdate() != 1) {
                throw new IllegalStateException("the slot is full");
            }
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, request);
            insert.setObject(3, slot);
            insert.executeUpdate();
            connection.commit();
            return 3;
        } catch (Exception e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        var broken = bench.database
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM requests_slot s
                         WHERE s.booked > s.capacity
                            OR s.booked <> (SELECT count(*) FROM requests_visit v
                                             WHERE v.slot_id = s.id AND v.status = 'BOOKED')
                        """).mapTo(Integer.class).one());
        bench.close();
        if (broken != 0) {
            throw new IllegalStateException(broken + " slot(s) over-booked or miscounted");
        }
    }
}
