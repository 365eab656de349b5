package io.khidma.core.testing;

import com.zaxxer.hikari.HikariConfig;
import io.khidma.core.server.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped when the JVM exits; each
 * test class takes a fresh database in it, which costs milliseconds instead of a server start.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** A new, empty database on the shared server. */
    public static Database fresh() {
        return Database.connect(pool(createDatabase()));
    }

    /** A new, empty database, returned as pool settings the caller may change before connecting. */
    public static HikariConfig pool(String database) {
        var config = new HikariConfig();
        config.setJdbcUrl(server().getJdbcUrl("postgres", database));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(5);
        config.setPoolName("test-" + database);
        return config;
    }

    /** Creates a new empty database and returns its name. */
    public static String createDatabase() {
        var name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** Runs a statement as the superuser on the maintenance database (names here are ours, not input). */
    public static void execute(String sql) {
        try (var connection = server().getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run: " + sql, e);
        }
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
            }
        }
        return postgres;
    }
}
