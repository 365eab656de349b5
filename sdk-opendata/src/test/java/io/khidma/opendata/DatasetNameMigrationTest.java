package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.TestDatabases;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Datasets made before names existed are named by the migration that brings names. */
class DatasetNameMigrationTest {

    @Test
    void existingDatasetsAreNamedFromTheirEnglishTitlesUniquely() {
        try (var database = TestDatabases.fresh()) {
            var flyway = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:db/migration/opendata")
                    .table("flyway_opendata_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0");
            flyway.target("4").load().migrate();
            var first = UUID.fromString("00000000-0000-4000-8000-000000000001");
            var second = UUID.fromString("10000000-0000-4000-8000-000000000002");
            var third = UUID.fromString("20000000-0000-4000-8000-000000000003");
            database.jdbi().useHandle(h -> {
                for (var row : List.of(
                        List.of(first, "Taxi Fares: 2025!", "2025-01-01"),
                        List.of(second, "taxi fares 2025", "2025-02-01"),
                        List.of(third, "ب", "2025-03-01"))) {
                    h.createUpdate("""
                                    INSERT INTO opendata_dataset (id, publisher, status, document, version, issued, modified)
                                    VALUES (:id, 'rta', 'DRAFT', jsonb_build_object('title', jsonb_build_object('en', :title)),
                                            1, CAST(:issued AS timestamptz), now())
                                    """)
                            .bind("id", row.get(0))
                            .bind("title", row.get(1))
                            .bind("issued", row.get(2))
                            .execute();
                }
            });

            flyway.target("latest").load().migrate();

            var names = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT name FROM opendata_dataset ORDER BY issued")
                            .mapTo(String.class)
                            .list());
            assertThat(names).containsExactly("taxi-fares-2025", "taxi-fares-2025-10000000", "dataset");
        }
    }
}
