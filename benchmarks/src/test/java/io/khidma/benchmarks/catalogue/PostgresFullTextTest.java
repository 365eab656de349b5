package io.khidma.benchmarks.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.server.Database;
import io.khidma.core.text.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's reference corrects typos as PostgreSQL's pg_trgm documentation does. */
class PostgresFullTextTest {

    @TempDir
    Path folder;

    @Test
    void aMisspelledQueryIsSearchedAgainWithTheMostSimilarWords() {
        try (var database = Database.embedded(folder).migrate("catalogue")) {
            var catalogue = new CatalogueFeature(database).service();
            for (int a = 0; a < 40; a++) {
                catalogue.saveAgency(
                        new Agency("agency-" + a, Text.of("جهة " + a, "Agency " + a), Agency.Level.LOCAL, "Dubai"));
            }
            var random = new Random(7);
            var services = new ArrayList<PublicService>();
            for (int i = 0; i < 400; i++) {
                var service = CatalogueSearchBenchmark.generated(i, random);
                catalogue.importService(service);
                services.add(service);
            }
            var reference = new PostgresFullText(database, services);

            assertThat(reference.page("drivng licence")).isEmpty();
            assertThat(reference.correctedPage("drivng licence"))
                    .hasSize(21)
                    .isEqualTo(reference.page("driving licence"));
            assertThat(reference.correctedPage("شهادة الملاد")).isEqualTo(reference.page("شهادة الميلاد"));

            assertThat(reference.correctedPage("work permits"))
                    .as("a query that matches is not corrected")
                    .isEqualTo(reference.page("work permits"));
            assertThat(reference.correctedPage("qqqzzz"))
                    .as("nothing similar: nothing found")
                    .isEmpty();
        }
    }
}
