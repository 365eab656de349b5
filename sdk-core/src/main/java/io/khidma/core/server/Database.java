package io.khidma.core.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.khidma.core.tracing.SqlSpans;
import io.khidma.core.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database of a server: a HikariCP pool, Jdbi on top, and Flyway migrations per
 * module, each module with its own history table. It also carries the {@link #meters() registry}
 * the features mounted on it record their own metrics in, since every feature is built from it.
 *
 * <pre>{@code
 * try (var database = Database.fromEnvironment(Path.of("khidma-data"))) {
 *     database.migrate("payments");   // classpath:db/migration/payments, table flyway_payments_history
 *     ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

    /** Environment variables that point the server at an external PostgreSQL. */
    public static final String URL_VARIABLE = "KHIDMA_DB_URL";

    public static final String USER_VARIABLE = "KHIDMA_DB_USER";
    public static final String PASSWORD_VARIABLE = "KHIDMA_DB_PASSWORD";

    /** Hot standbys of the primary that take reads, JDBC URLs separated by commas (same credentials). */
    public static final String READ_URLS_VARIABLE = "KHIDMA_DB_READ_URLS";

    /** How long a replica may go without catching up before reads leave it, e.g. {@code PT5S} or {@code 5s}. */
    public static final String READ_MAX_LAG_VARIABLE = "KHIDMA_DB_READ_MAX_LAG";

    /** The lag bound when {@value #READ_MAX_LAG_VARIABLE} is not set. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final EmbeddedPostgres embedded;
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final Tracing tracing = Tracing.none();
    private final JdbcStatements statements;
    private final Set<String> migrated = new HashSet<>();
    private ReadReplicas replicas;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.statements = new JdbcStatements(dataSource, new SqlSpans(tracing));
        this.embedded = embedded;
        this.replicas = ReadReplicas.none(jdbi, meters);
    }

    /**
     * Sends reads that may be served by a hot standby (open data's rows, aggregations, exports and
     * portal) to these replicas of this primary, as far as each has caught up; writes always go to
     * the primary. A replica that has not caught up for longer than {@code maxLag}, or is down, is
     * not read from until it catches up again. Call once, before the server starts.
     */
    public synchronized Database withReadReplicas(List<String> jdbcUrls, Duration maxLag) {
        if (replicas.size() > 0) {
            throw new IllegalStateException("read replicas are set already");
        }
        if (!jdbcUrls.isEmpty()) {
            var pool = new HikariConfig();
            dataSource.copyStateTo(pool);
            replicas = ReadReplicas.of(jdbi, pool, jdbcUrls, maxLag, meters);
        }
        return this;
    }

    /** The read replicas, or none: {@link ReadReplicas#open} opens on the primary then. */
    public ReadReplicas readReplicas() {
        return replicas;
    }

    /** Connects to an existing PostgreSQL 14+. */
    public static Database connect(String jdbcUrl, String user, String password) {
        return connect(poolConfig(jdbcUrl, user, password));
    }

    /** Connects with a pool configured by the caller, for settings beyond URL and credentials. */
    public static Database connect(HikariConfig pool) {
        return new Database(new HikariDataSource(pool), null);
    }

    /**
     * Starts (or restarts) an embedded PostgreSQL whose data lives in {@code dataDirectory}, so
     * data survives a restart. For development, tests and the sandbox; not for production.
     */
    public static Database embedded(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDirectory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
        LOG.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        var pool = poolConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        return new Database(new HikariDataSource(pool), postgres);
    }

    /**
     * The database {@value #URL_VARIABLE} ({@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE})
     * points at, or an embedded one in {@code defaultDataDirectory} when it is not set.
     */
    public static Database fromEnvironment(Path defaultDataDirectory) {
        return fromEnvironment(System.getenv(), defaultDataDirectory);
    }

    static Database fromEnvironment(Map<String, String> environment, Path defaultDataDirectory) {
        var url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return embedded(defaultDataDirectory);
        }
        var database = connect(url, environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE));
        var reads = environment.get(READ_URLS_VARIABLE);
        if (reads != null && !reads.isBlank()) {
            var lag = environment.get(READ_MAX_LAG_VARIABLE);
            database.withReadReplicas(
                    Arrays.stream(reads.split(","))
                            .map(String::trim)
                            .filter(u -> !u.isEmpty())
                            .toList(),
                    lag == null || lag.isBlank() ? DEFAULT_MAX_LAG : duration(lag));
        }
        return database;
    }

    /** {@code PT5S}, or a number of seconds with an optional {@code s}, or of milliseconds with {@code ms}. */
    static Duration duration(String text) {
        var value = text.trim();
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            return Duration.ofSeconds(
                    Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    READ_MAX_LAG_VARIABLE + " is a duration such as 5s or PT5S, not " + text);
        }
    }

    private static HikariConfig poolConfig(String jdbcUrl, String user, String password) {
        var config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setPoolName("khidma");
        return config;
    }

    /**
     * Applies a module's migrations from {@code classpath:db/migration/<module>}, recording them
     * in its own table {@code flyway_<module>_history} so modules migrate independently. Once per
     * module and database: every feature that records audit entries asks for {@code audit}, and
     * only the first asks Flyway.
     */
    public synchronized Database migrate(String module) {
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name must match " + MODULE + ", was " + module);
        }
        if (migrated.contains(module)) {
            return this;
        }
        var result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + module)
                .table("flyway_" + module + "_history")
                // Other modules' tables share the schema: a module's first migration starts from version 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        LOG.info("module {}: {} migration(s) applied", module, result.migrationsExecuted);
        migrated.add(module);
        return this;
    }

    /**
     * Records the connection pool's metrics ({@code hikaricp_connections_*}) and those of every
     * feature built on this database ({@code khidma_*}) in {@code metrics}.
     */
    public Database bindMetrics(Metrics metrics) {
        dataSource.setMetricRegistry(metrics.registry());
        meters.add(metrics.registry());
        return this;
    }

    /**
     * Where features record their metrics: payments by status, webhook deliveries, rows served.
     * Records nothing until {@link #bindMetrics} gives it a registry to record in; meters made
     * before that start recording then.
     */
    public MeterRegistry meters() {
        return meters;
    }

    /**
     * Sends the spans of the server and every feature built on this database where {@code source}
     * sends them, a span per SQL statement included.
     */
    public Database bindTracing(Tracing source) {
        tracing.use(source);
        var spans = new SqlSpans(tracing);
        jdbi.setSqlLogger(spans);
        replicas.setSqlLogger(spans);
        return this;
    }

    /**
     * The tracing handle of this database's server and features: no spans until {@link
     * #bindTracing}, which reaches the features built before it too.
     */
    public Tracing tracing() {
        return tracing;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Single statements through plain JDBC, for the few on a busy request's path. */
    public JdbcStatements statements() {
        return statements;
    }

    /** Whether a connection can be had and answers within {@code timeout}. */
    public boolean isReady(Duration timeout) {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(Math.max(1, (int) timeout.toSeconds()));
        } catch (SQLException e) {
            LOG.warn("database not ready: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        replicas.close();
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
