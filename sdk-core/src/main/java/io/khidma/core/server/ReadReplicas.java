package io.khidma.core.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL hot standbys that take reads off the primary. Every {@link #CHECK_EVERY} each
 * replica is asked how far it has replayed the primary's write-ahead log ({@code
 * pg_last_wal_replay_lsn()}) while the primary says where its log is ({@code pg_current_wal_lsn()}).
 * A replica that has replayed up to that point is caught up; one that has not been caught up for
 * longer than the lag bound, or does not answer, is left out until it is again.
 *
 * <p>{@link #open(long)} is what a read asks for: a replica that is in use and has replayed at
 * least up to the given log position (where the data it reads was committed), chosen at random
 * among those; otherwise the primary. So a read never sees data older than what it needs, and with
 * every replica down or behind, reads go on against the primary.
 */
public final class ReadReplicas implements AutoCloseable {

    /** How often replicas are checked. */
    public static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplicas.class);

    /** One standby, and what the last check saw of it. */
    private static final class Replica {
        final String name;
        final HikariDataSource dataSource;
        final Jdbi jdbi;
        final LongAdder reads = new LongAdder();
        volatile long replayed = -1;
        volatile Instant caughtUp;
        volatile boolean usable;

        Replica(String name, HikariDataSource dataSource) {
            this.name = name;
            this.dataSource = dataSource;
            this.jdbi = Jdbi.create(dataSource);
        }
    }

    private final Jdbi primary;
    private final List<Replica> replicas;
    private final Duration maxLag;
    private final Clock clock;
    private final ScheduledExecutorService checker;
    private final LongAdder primaryReads = new LongAdder();

    private ReadReplicas(
            Jdbi primary, List<Replica> replicas, Duration maxLag, Clock clock, MeterRegistry meters, boolean start) {
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.maxLag = maxLag;
        this.clock = clock;
        register(meters);
        if (start && !replicas.isEmpty()) {
            checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                var thread = new Thread(runnable, "khidma-replica-check");
                thread.setDaemon(true);
                return thread;
            });
            checker.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            checker = null;
        }
    }

    /** No replicas: every read goes to the primary. */
    static ReadReplicas none(Jdbi primary, MeterRegistry meters) {
        return new ReadReplicas(primary, List.of(), Duration.ZERO, Clock.systemUTC(), meters, false);
    }

    /**
     * Replicas at these JDBC URLs, with the primary's credentials and pool settings; one that has
     * not caught up with the primary for longer than {@code maxLag} is not read from.
     */
    static ReadReplicas of(
            Jdbi primary, HikariConfig primaryPool, List<String> urls, Duration maxLag, MeterRegistry meters) {
        Objects.requireNonNull(maxLag, "maxLag");
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must not be negative");
        }
        var replicas = new ArrayList<Replica>();
        for (int i = 0; i < urls.size(); i++) {
            var config = new HikariConfig();
            primaryPool.copyStateTo(config);
            config.setJdbcUrl(urls.get(i));
            config.setPoolName("khidma-replica-" + (i + 1));
            config.setReadOnly(true);
            // A replica that is down must not stop the server from starting: the check finds it later.
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
            replicas.add(new Replica("replica-" + (i + 1), new HikariDataSource(config)));
        }
        return new ReadReplicas(primary, replicas, maxLag, Clock.systemUTC(), meters, true);
    }

    /** Logs (or traces) the replicas' statements as the primary's are. */
    void setSqlLogger(SqlLogger logger) {
        replicas.forEach(r -> r.jdbi.setSqlLogger(logger));
    }

    /** How many replicas are configured, in use or not. */
    public int size() {
        return replicas.size();
    }

    /** How many replicas reads may go to now. */
    public int usable() {
        return (int) replicas.stream().filter(r -> r.usable).count();
    }

    /**
     * A handle for a read of data committed at WAL position {@code committedAt}: on a usable
     * replica that has replayed that far, chosen at random, or on the primary. A replica whose
     * connection cannot be had is left out at once and the primary used instead. {@code
     * committedAt} of -1 means unknown: the primary. The caller closes the handle.
     */
    public Handle open(long committedAt) {
        if (committedAt >= 0 && !replicas.isEmpty()) {
            var ready = new ArrayList<Replica>();
            for (var replica : replicas) {
                if (replica.usable && replica.replayed >= committedAt) {
                    ready.add(replica);
                }
            }
            if (!ready.isEmpty()) {
                var chosen = ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
                try {
                    var handle = chosen.jdbi.open();
                    chosen.reads.increment();
                    return handle;
                } catch (ConnectionException e) {
                    chosen.usable = false;
                    LOG.warn("read replica {} left out: {}", chosen.name, e.getMessage());
                }
            }
        }
        primaryReads.increment();
        return primary.open();
    }

    /** Reads routed so far to {@code target}: {@code primary}, or {@code replica-1} and on. */
    public long reads(String target) {
        if (target.equals("primary")) {
            return primaryReads.sum();
        }
        return replicas.stream()
                .filter(r -> r.name.equals(target))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + target))
                .reads
                .sum();
    }

    /** The primary's current WAL position, for recording where data was committed. */
    public long primaryPosition() {
        return primary.withHandle(h -> h.createQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
                .mapTo(Long.class)
                .one());
    }

    /** Counts reads by where they went ({@code khidma_db_reads_total{target}}) and each replica's state. */
    private void register(MeterRegistry registry) {
        if (replicas.isEmpty()) {
            return;
        }
        FunctionCounter.builder("khidma_db_reads", primaryReads, LongAdder::sum)
                .description("Reads routed to the primary or to a replica")
                .tag("target", "primary")
                .register(registry);
        for (var replica : replicas) {
            FunctionCounter.builder("khidma_db_reads", replica.reads, LongAdder::sum)
                    .description("Reads routed to the primary or to a replica")
                    .tag("target", replica.name)
                    .register(registry);
            Gauge.builder("khidma_db_replica_usable", replica, r -> r.usable ? 1 : 0)
                    .description("Whether reads may go to this replica (caught up within the lag bound)")
                    .tag("replica", replica.name)
                    .register(registry);
            Gauge.builder("khidma_db_replica_lag_seconds", replica, this::lagSeconds)
                    .description("How long since the replica last had all the primary's log replayed")
                    .tag("replica", replica.name)
                    .register(registry);
        }
    }

    private double lagSeconds(Replica replica) {
        var caughtUp = replica.caughtUp;
        return caughtUp == null
                ? Double.NaN
                : Math.max(0, Duration.between(caughtUp, clock.instant()).toMillis() / 1000.0);
    }

    /** Checks every replica once; the scheduler runs it every {@link #CHECK_EVERY}. */
    void check() {
        long position;
        try {
            position = primaryPosition();
        } catch (RuntimeException e) {
            // The primary is away: leave the replicas as they were last seen.
            return;
        }
        var now = clock.instant();
        for (var replica : replicas) {
            boolean was = replica.usable;
            try (var connection = replica.dataSource.getConnection();
                    var statement = connection.createStatement();
                    var result = statement.executeQuery(
                            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'::pg_lsn")) {
                result.next();
                if (!result.getBoolean(1)) {
                    throw new SQLException("not a standby: pg_is_in_recovery() is false");
                }
                replica.replayed = result.getLong(2);
                if (replica.replayed >= position) {
                    replica.caughtUp = now;
                }
                var caughtUp = replica.caughtUp;
                replica.usable =
                        caughtUp != null && Duration.between(caughtUp, now).compareTo(maxLag) <= 0;
            } catch (SQLException | RuntimeException e) {
                replica.usable = false;
                replica.replayed = -1;
                if (was) {
                    LOG.warn("read replica {} left out: {}", replica.name, e.getMessage());
                }
                continue;
            }
            if (was != replica.usable) {
                if (replica.usable) {
                    LOG.info("read replica {} in use", replica.name);
                } else {
                    LOG.warn("read replica {} left out: not caught up for more than {}", replica.name, maxLag);
                }
            }
        }
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
        replicas.forEach(r -> r.dataSource.close());
    }
}
