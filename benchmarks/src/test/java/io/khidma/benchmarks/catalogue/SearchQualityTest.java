package io.khidma.benchmarks.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.server.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled query set against the sandbox's national catalogue: Khidma's search must reach
 * recall@5 0.95 and MRR 0.85, and beat PostgreSQL's own full-text configurations and the stock
 * Lucene analyzers on both.
 */
class SearchQualityTest {

    @TempDir
    Path folder;

    @Test
    void catalogueSearchFindsWhatCitizensType() {
        try (var database = Database.embedded(folder).migrate("catalogue")) {
            var queries = SearchQuality.queries("service-queries.tsv");
            assertThat(queries).hasSizeGreaterThanOrEqualTo(150);
            var results = SearchQuality.evaluate(database, queries);
            System.out.println(SearchQuality.table(results, queries.size()));

            var postgres = results.get(0);
            var stock = results.get(1);
            var khidma = results.get(results.size() - 1);
            assertThat(khidma.engine()).isEqualTo("Khidma");
            assertThat(khidma.recallAt5())
                    .as("recall@5; missed: %s", khidma.misses())
                    .isGreaterThanOrEqualTo(0.95);
            assertThat(khidma.mrr()).as("MRR").isGreaterThanOrEqualTo(0.85);
            for (var reference : new SearchQuality.Scores[] {postgres, stock}) {
                assertThat(khidma.recallAt5())
                        .as("recall@5 against " + reference.engine())
                        .isGreaterThan(reference.recallAt5());
                assertThat(khidma.mrr()).as("MRR against " + reference.engine()).isGreaterThan(reference.mrr());
            }
            assertThat(khidma.corrected())
                    .as("queries answered by spelling correction")
                    .isPositive();
        }
    }
}
