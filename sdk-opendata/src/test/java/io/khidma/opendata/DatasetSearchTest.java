package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.text.Text;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.UpdateFrequency;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetSearchTest {

    static OpenDataFixture fixture;
    static String centres;
    static String transactions;
    static String kiosks;
    static String draft;
    static Instant beforeKiosks;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        centres = published(
                fixture.rta,
                Text.of("مراكز إسعاد المتعاملين", "Customer happiness centres"),
                List.of("GOVE", "TRAN"),
                List.of("centres", "مراكز"));
        transactions = published(
                fixture.rta,
                Text.of("المعاملات الشهرية حسب القناة", "Monthly transactions per channel"),
                List.of("TRAN"),
                List.of("transactions", "channels"));
        // Just after the last change so far: what is written next is newer (times are in microseconds).
        beforeKiosks = Instant.parse(tree(fixture.get("/datasets/" + transactions))
                        .get("modified")
                        .asText())
                .plusNanos(1_000);
        kiosks = published(
                fixture.mohre,
                Text.of("أعداد أجهزة الخدمة الذاتية", "Self-service kiosk counts"),
                List.of("ECON"),
                List.of("kiosks", "centres"));
        draft = create(
                fixture.mohre, Text.of("مسودة مراكز", "Draft centres list"), List.of("GOVE"), List.of("centres"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String create(
            ClientCredentialsTokenProvider agency, Text title, List<String> themes, List<String> keywords) {
        var dataset = new NewDataset(
                title,
                Text.of("بيانات تجريبية", "Synthetic data"),
                themes,
                keywords,
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Open data team", "opendata@example.ae"),
                null,
                "United Arab Emirates",
                UpdateFrequency.MONTHLY,
                null);
        var created = fixture.postJson("/datasets", agency, dataset);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tree(created).get("id").asText();
    }

    private static String published(
            ClientCredentialsTokenProvider agency, Text title, List<String> themes, List<String> keywords) {
        var id = create(agency, title, themes, keywords);
        assertThat(fixture.upload(id, agency, "n\n1\n2\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(fixture.postJson("/datasets/" + id + "/publish", agency, "").statusCode())
                .isEqualTo(200);
        return id;
    }

    private static JsonNode search(String query) {
        var response = fixture.get("/datasets?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return tree(response);
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> facet(JsonNode page, String name) {
        var counts = new HashMap<String, Long>();
        page.get("facets")
                .get(name)
                .forEach(f -> counts.put(f.get("value").asText(), f.get("count").asLong()));
        return counts;
    }

    @Test
    void arabicSearchFindsSpellingVariantsAndEnglishFindsPlurals() {
        // "المراكز" (with the article) finds "مراكز" only through the analysers; "centre" finds "centres".
        assertThat(ids(search(q("المراكز")))).containsExactly(centres);
        assertThat(ids(search(q("اسعاد")))).as("without hamza").containsExactly(centres);
        assertThat(ids(search(q("centre")))).containsExactlyInAnyOrder(centres, kiosks);
        assertThat(ids(search(q("monthly channel")))).containsExactly(transactions);
        assertThat(ids(search(q("monthly kiosks")))).as("every word must match").isEmpty();
        assertThat(ids(search(q("the of")))).as("only stop words").isEmpty();
    }

    @Test
    void titlesRankAboveKeywordsAndDescriptions() {
        assertThat(ids(search(q("kiosk")))).first().isEqualTo(kiosks);
    }

    @Test
    void facetsCountEveryMatchNotOnlyThePage() {
        var page = search("limit=1");
        assertThat(page.get("items")).hasSize(1);
        assertThat(facet(page, "publisher")).containsExactlyInAnyOrderEntriesOf(Map.of("rta", 2L, "mohre", 1L));
        assertThat(facet(page, "theme")).containsExactlyInAnyOrderEntriesOf(Map.of("TRAN", 2L, "GOVE", 1L, "ECON", 1L));
        assertThat(facet(page, "keyword")).containsEntry("centres", 2L).containsEntry("kiosks", 1L);
        assertThat(facet(page, "format"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("csv", 3L, "json", 3L, "ndjson", 3L, "parquet", 3L, "xlsx", 3L));
        // No dataset here says where its rows are: none is GeoJSON, and asking for it finds none.
        assertThat(ids(search("format=geojson"))).isEmpty();
        assertThat(ids(search("format=xlsx"))).hasSize(3);

        var found = search(q("centres"));
        assertThat(facet(found, "publisher")).containsExactlyInAnyOrderEntriesOf(Map.of("rta", 1L, "mohre", 1L));
    }

    @Test
    void themeKeywordPublisherAndModifiedSinceFilter() {
        assertThat(ids(search("theme=TRAN"))).containsExactlyInAnyOrder(centres, transactions);
        assertThat(ids(search("keyword=centres"))).containsExactlyInAnyOrder(centres, kiosks);
        assertThat(ids(search("publisher=mohre"))).containsExactly(kiosks);
        assertThat(ids(search("modified_since=" + beforeKiosks))).containsExactly(kiosks);
        assertThat(ids(search("theme=TRAN&keyword=channels&" + q("transactions"))))
                .containsExactly(transactions);
        assertThat(fixture.get("/datasets?modified_since=yesterday").statusCode())
                .isEqualTo(400);
    }

    @Test
    void draftsAreFoundOnlyByTheirPublisher() {
        assertThat(ids(search("keyword=centres"))).doesNotContain(draft);
        var own = fixture.send(fixture.request("/datasets?keyword=centres", fixture.mohre));
        assertThat(ids(tree(own))).contains(draft, kiosks);
        var other = fixture.send(fixture.request("/datasets?keyword=centres", fixture.rta));
        assertThat(ids(tree(other))).doesNotContain(draft);
    }

    @Test
    void theCursorVisitsEveryMatchOnceRankedOrNot() {
        for (var query : List.of("limit=1", "limit=1&" + q("centres"))) {
            var seen = new ArrayList<String>();
            var page = search(query);
            while (true) {
                seen.addAll(ids(page));
                if (!page.hasNonNull("next")) {
                    break;
                }
                page = search(query + "&cursor=" + page.get("next").asText());
            }
            assertThat(seen)
                    .as(query)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(search(query.replace("limit=1", "limit=100"))));
        }
        assertThat(fixture.get("/datasets?cursor=bm90LWEtY3Vyc29y").statusCode())
                .isEqualTo(400);
    }
}
