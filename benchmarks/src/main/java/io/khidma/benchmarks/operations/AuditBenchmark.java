package io.khidma.benchmarks.operations;

import io.khidma.core.audit.AuditHashes;
import io.khidma.core.audit.AuditVerifier;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.Checkpoint;
import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditSigningKey;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.server.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit trail's costs, each beside its reference in the same run: a privileged write's
 * transaction with its audit entry against the same transaction without one (an UPDATE of one row,
 * on the embedded PostgreSQL); and offline verification, in entries per second, against hashing the
 * same entries' bytes once with SHA-256, the least any check of them must do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBenchmark {

    private static final int ENTRIES = 10_000;

    private Path data;
    private Database database;
    private AuditTrail trail;
    private final AtomicLong writes = new AtomicLong();
    private List<AuditEntry> entries;
    private List<Checkpoint> checkpoints;
    private String verifierKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = Files.createTempDirectory("khidma-bench");
        database = Database.embedded(data);
        trail = AuditTrail.on(database);
        database.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE bench_thing (id int PRIMARY KEY, version bigint NOT NULL)");
            h.execute("INSERT INTO bench_thing VALUES (1, 0)");
        });

        var key = AuditSigningKey.generate();
        verifierKey = key.verifierKey("bench/audit");
        entries = new ArrayList<>(ENTRIES);
        var edge = AuditHashes.Edge.empty();
        var previous = AuditHashes.GENESIS;
        var at = Instant.parse("2026-12-01T08:00:00Z");
        for (int i = 1; i <= ENTRIES; i++) {
            var entry = new AuditEntry(
                            i,
                            at.plusMillis(i),
                            "payment.refund",
                            "payment",
                            "3f2b1c9e-0000-4000-8000-" + String.format("%012d", i),
                            List.of("mohre", "rta"),
                            "rta-portal",
                            "rta-portal",
                            "citizen-fatima",
                            "req-" + i,
                            "10.0.0.7",
                            AuditHashes.digest(("before " + i).getBytes()),
                            AuditHashes.digest(("after " + i).getBytes()),
                            null)
                    .chainedAfter(previous);
            previous = AuditHashes.unhex(entry.hash());
            edge.add(AuditHashes.leaf(entry.canonical()));
            entries.add(entry);
        }
        var root = edge.root();
        checkpoints = List.of(new Checkpoint(
                ENTRIES,
                Base64.getEncoder().encodeToString(root),
                at,
                key.signCheckpoint("bench/audit", ENTRIES, root)));
        if (!AuditVerifier.verify(entries, checkpoints, verifierKey).ok()) {
            throw new IllegalStateException("the benchmark's trail does not verify");
        }
    }

    @Benchmark
    public int writeWithoutAudit() {
        return database.jdbi()
                .inTransaction(h -> h.execute("UPDATE bench_thing SET version = version + 1 WHERE id = 1"));
    }

    @Benchmark
    public AuditEntry writeWithAudit() {
        return database.jdbi().inTransaction(h -> {
            h.execute("UPDATE bench_thing SET version = version + 1 WHERE id = 1");
            return trail.record(
                    h, AuditEvent.of("thing.update", "thing", "1", "rta").after(writes.incrementAndGet()));
        });
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public AuditVerifier.Report verifyEntries() {
        return AuditVerifier.verify(entries, checkpoints, verifierKey);
    }

    /** The reference: every entry's bytes hashed once, nothing checked. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public byte[] hashEntriesOnce() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        byte[] last = null;
        for (var entry : entries) {
            last = digest.digest(entry.canonical());
        }
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
