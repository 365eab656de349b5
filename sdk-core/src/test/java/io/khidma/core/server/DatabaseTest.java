package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void eachModuleMigratesIntoTheSameSchemaWithItsOwnHistory() {
        try (var database = TestDatabases.fresh()) {
            database.migrate("alpha").migrate("beta").migrate("alpha");

            var tables = database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                    .mapTo(String.class)
                    .list());
            assertThat(tables)
                    .containsExactly("alpha_item", "beta_item", "flyway_alpha_history", "flyway_beta_history");
            var betaRows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM beta_item")
                    .mapTo(Integer.class)
                    .one());
            assertThat(betaRows).isEqualTo(1);
        }
    }

    @Test
    void plainJdbcStatementsBindTheirParametersAndFailWithTheDriversSqlState() {
        try (var database = TestDatabases.fresh()) {
            var statements = database.statements();
            statements.update("CREATE TABLE note (id integer PRIMARY KEY, body text)", s -> {});
            assertThat(statements.update("INSERT INTO note VALUES (?, ?), (?, ?)", s -> {
                        s.setInt(1, 1);
                        s.setString(2, "مرحبا'); DROP TABLE note; --");
                        s.setInt(3, 2);
                        s.setString(4, null);
                    }))
                    .isEqualTo(2);
            var bodies =
                    statements.query("SELECT body FROM note WHERE id <= ? ORDER BY id", s -> s.setInt(1, 2), rows -> {
                        var read = new java.util.ArrayList<String>();
                        while (rows.next()) {
                            read.add(rows.getString(1));
                        }
                        return read;
                    });
            assertThat(bodies).containsExactly("مرحبا'); DROP TABLE note; --", null);

            assertThatThrownBy(() -> statements.update("INSERT INTO note VALUES (?, ?)", s -> {
                        s.setInt(1, 3);
                        s.setString(2, "a\u0000b");
                    }))
                    .isInstanceOf(JdbcStatements.UncheckedSqlException.class)
                    .satisfies(e -> assertThat(((JdbcStatements.UncheckedSqlException) e)
                                    .getCause()
                                    .getSQLState())
                            .isEqualTo("22021"));
            int stored =
                    statements.query("SELECT count(*) FROM note", s -> {}, rows -> rows.next() ? rows.getInt(1) : -1);
            assertThat(stored).as("nothing of the refused row was written").isEqualTo(2);
        }
    }

    @Test
    void moduleNamesCannotReachOtherLocations() {
        try (var database = TestDatabases.fresh()) {
            assertThatThrownBy(() -> database.migrate("../evil")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aServerThatIsNotAStandbyIsNeverReadFrom() {
        var name = TestDatabases.createDatabase();
        var pool = TestDatabases.pool(name);
        try (var database =
                Database.connect(pool).withReadReplicas(List.of(pool.getJdbcUrl()), Duration.ofSeconds(1))) {
            var replicas = database.readReplicas();
            assertThat(replicas.size()).isEqualTo(1);
            // Checked at once and every 500 ms: a primary answers pg_is_in_recovery() false, every time.
            await().during(Duration.ofMillis(1200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> replicas.usable() == 0);
            try (var handle = replicas.open(0)) {
                assertThat(handle.createQuery("SELECT 1").mapTo(Integer.class).one())
                        .isEqualTo(1);
            }
            assertThat(replicas.reads("primary")).isEqualTo(1);
            assertThat(replicas.reads("replica-1")).isZero();
        }
    }

    @Test
    void replicasComeFromTheEnvironmentWithALagBound() {
        assertThat(Database.duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Database.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Database.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Database.duration("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Database.duration("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Database.READ_MAX_LAG_VARIABLE);
        var pool = TestDatabases.pool(TestDatabases.createDatabase());
        try (var database = Database.fromEnvironment(
                Map.of(
                        Database.URL_VARIABLE, pool.getJdbcUrl(),
                        Database.USER_VARIABLE, pool.getUsername(),
                        Database.PASSWORD_VARIABLE, pool.getPassword(),
                        Database.READ_URLS_VARIABLE, pool.getJdbcUrl() + " , " + pool.getJdbcUrl(),
                        Database.READ_MAX_LAG_VARIABLE, "3s"),
                Path.of("unused"))) {
            assertThat(database.readReplicas().size()).isEqualTo(2);
        }
    }
}
