package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.text.Text;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dataset search with the catalogue's analysis: a small labelled set (broken plurals, stacked
 * prefixes, US spellings, synonyms, spelling variants) over twenty published datasets, through the
 * public {@code GET /datasets?q=}. Scored as the catalogue's set is: recall@5 and MRR.
 */
class DatasetSearchQualityTest {

    static OpenDataFixture fixture;
    static final Map<String, String> keysById = new HashMap<>();

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        for (var row : rows("search-datasets.tsv", 7)) {
            var agency = row[1].equals("rta") ? fixture.rta : fixture.mohre;
            var dataset = new NewDataset(
                    Text.of(row[2], row[3]),
                    Text.of(row[4], row[5]),
                    List.of("GOVE"),
                    Arrays.asList(row[6].split(",")),
                    URI.create("https://creativecommons.org/licenses/by/4.0/"),
                    new ContactPoint("Open data team", "opendata@example.ae"),
                    null,
                    "United Arab Emirates",
                    UpdateFrequency.MONTHLY,
                    null);
            var created = fixture.postJson("/datasets", agency, dataset);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            var id = tree(created).get("id").asText();
            assertThat(fixture.upload(id, agency, "n\n1\n".getBytes(StandardCharsets.UTF_8))
                            .statusCode())
                    .isEqualTo(201);
            assertThat(fixture.postJson("/datasets/" + id + "/publish", agency, "")
                            .statusCode())
                    .isEqualTo(200);
            keysById.put(id, row[0]);
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void datasetSearchFindsWhatUsersType() {
        var queries = rows("search-dataset-queries.tsv", 3);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(30);
        double recall = 0;
        double reciprocal = 0;
        var misses = new ArrayList<String>();
        for (var query : queries) {
            var expected = Arrays.asList(query[2].split(","));
            var response = fixture.get("/datasets?limit=20&q=" + URLEncoder.encode(query[1], StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var found = new ArrayList<String>();
            tree(response)
                    .get("items")
                    .forEach(item -> found.add(keysById.get(item.get("id").asText())));
            var top5 = found.subList(0, Math.min(5, found.size()));
            double r = top5.stream().filter(expected::contains).count() / (double) Math.min(5, expected.size());
            int first = found.stream()
                    .filter(expected::contains)
                    .findFirst()
                    .map(found::indexOf)
                    .orElse(-1);
            double rr = first < 0 ? 0 : 1.0 / (first + 1);
            recall += r;
            reciprocal += rr;
            if (r < 1 || rr < 1) {
                misses.add(query[1] + " -> " + top5);
            }
        }
        recall /= queries.size();
        reciprocal /= queries.size();
        System.out.printf(
                "dataset search: %d queries, recall@5 %.3f, MRR %.3f, missed %s%n",
                queries.size(), recall, reciprocal, misses);
        assertThat(recall).as("recall@5; missed %s", misses).isGreaterThanOrEqualTo(0.95);
        assertThat(reciprocal).as("MRR; missed %s", misses).isGreaterThanOrEqualTo(0.9);
    }

    private static List<String[]> rows(String resource, int columns) {
        var rows = new ArrayList<String[]>();
        try (var in = DatasetSearchQualityTest.class.getResourceAsStream(resource);
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    var row = line.split("\t");
                    assertThat(row).as(line).hasSize(columns);
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }
}
