package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.testing.TestDatabases;
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
    void moduleNamesCannotReachOtherLocations() {
        try (var database = TestDatabases.fresh()) {
            assertThatThrownBy(() -> database.migrate("../evil")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
