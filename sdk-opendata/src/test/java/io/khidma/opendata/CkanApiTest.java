package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CKAN-compatible Action API: CKAN's parameters, envelope and errors, over the same data. */
class CkanApiTest {

    static OpenDataFixture fixture;
    static String centres;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        var created = fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(OpenDataTest.centresSchema()));
        centres = tree(created).get("id").asText();
        fixture.upload(centres, fixture.rta, OpenDataTest.CENTRES.getBytes(StandardCharsets.UTF_8));
        fixture.postJson("/datasets/" + centres + "/publish", fixture.rta, "");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode action(String action, String query) {
        var response = fixture.get("/api/3/action/" + action + "?" + query);
        var body = tree(response);
        assertThat(body.get("help").asText()).isNotEmpty();
        assertThat(body.get("success").asBoolean()).as(response.body()).isEqualTo(response.statusCode() == 200);
        return body;
    }

    private static JsonNode result(String action, String query) {
        var body = action(action, query);
        assertThat(body.get("success").asBoolean()).as(body.toString()).isTrue();
        return body.get("result");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void packagesAreListedSearchedAndShownInCkansShapes() {
        assertThat(result("package_list", "").get(0).asText()).isEqualTo("service-centres-synthetic");

        var search = result(
                "package_search",
                "q=centres&fq=" + encode("organization:rta tags:\"service centres\"") + "&rows=5&facet.field="
                        + encode("[\"organization\",\"groups\",\"res_format\"]"));
        assertThat(search.get("count").asInt()).isEqualTo(1);
        var pkg = search.get("results").get(0);
        assertThat(pkg.get("id").asText()).isEqualTo(centres);
        assertThat(pkg.get("name").asText()).isEqualTo("service-centres-synthetic");
        assertThat(pkg.get("title").asText()).isEqualTo("Service centres (synthetic)");
        assertThat(pkg.get("title_translated").get("ar").asText()).isEqualTo("مراكز الخدمة (بيانات تجريبية)");
        assertThat(pkg.get("organization").get("name").asText()).isEqualTo("rta");
        assertThat(pkg.get("tags").get(0).get("name").asText()).isEqualTo("service centres");
        assertThat(pkg.get("resources").get(0).get("datastore_active").asBoolean())
                .isTrue();
        assertThat(search.get("facets").get("organization").get("rta").asInt()).isEqualTo(1);
        assertThat(search.get("search_facets")
                        .get("groups")
                        .get("items")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("GOVE");
        assertThat(search.get("facets").get("res_format").get("CSV").asInt()).isEqualTo(1);

        assertThat(result("package_search", "fq=organization:mohre")
                        .get("count")
                        .asInt())
                .isZero();
        assertThat(result("package_search", "q=*:*&rows=0").get("count").asInt())
                .isEqualTo(1);
        assertThat(result("package_search", "start=1").get("results")).isEmpty();

        var shown = result("package_show", "id=" + centres);
        assertThat(shown.get("notes").asText()).isEqualTo("Service centre locations and star ratings");
        assertThat(result("package_show", "id=service-centres-synthetic")
                        .get("id")
                        .asText())
                .as("by name, as CKAN tools ask")
                .isEqualTo(centres);
        assertThat(shown.get("metadata_modified").asText()).doesNotEndWith("Z");
    }

    @Test
    void actionsAlsoTakeTheirParametersAsAJsonBody() {
        var response = fixture.send(fixture.request("/api/3/action/datastore_search", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OpenDataFixture.json(Map.of(
                        "resource_id",
                        centres,
                        "filters",
                        Map.of("emirate", List.of("Dubai", "Sharjah")),
                        "sort",
                        "id desc",
                        "limit",
                        2)))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var result = tree(response).get("result");
        assertThat(result.get("total").asInt()).isEqualTo(4);
        assertThat(ids(result)).containsExactly(5L, 4L);
    }

    @Test
    void datastoreSearchPagesByOffsetFiltersSortsAndFormatsRecords() {
        var first = result("datastore_search", "resource_id=" + centres + "&limit=2&sort=" + encode("id asc"));
        assertThat(first.get("fields").get(0).get("id").asText()).isEqualTo("id");
        assertThat(first.get("fields").get(0).get("type").asText()).isEqualTo("int8");
        assertThat(first.get("total").asInt()).isEqualTo(5);
        assertThat(ids(first)).containsExactly(1L, 2L);
        assertThat(first.get("_links").get("next").asText()).endsWith("&offset=2");
        var seen = new ArrayList<Long>();
        for (int offset = 0; offset < 6; offset += 2) {
            seen.addAll(
                    ids(result("datastore_search", "resource_id=" + centres + "&limit=2&sort=id&offset=" + offset)));
        }
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L);

        var filtered = result(
                "datastore_search",
                "resource_id=" + centres + "&filters=" + encode("{\"emirate\":\"Dubai\"}") + "&q=deira");
        assertThat(ids(filtered)).containsExactly(1L);

        var lists = result(
                "datastore_search",
                "resource_id=" + centres + "&fields=id,name_en&sort=id&limit=1&records_format=lists");
        assertThat(lists.get("records").get(0).get(0).asLong()).isEqualTo(1);
        assertThat(lists.get("records").get(0).get(1).asText()).isEqualTo("Deira centre");

        var csv = result(
                "datastore_search",
                "resource_id=" + centres
                        + "&fields=id,name_en&sort=id&offset=3&records_format=csv&include_total=false");
        assertThat(csv.get("records").asText())
                .isEqualTo("4,\"Al Nahda, Sharjah\"\r\n5,\"=HYPERLINK(\"\"http://x\"\")\"\r\n");
        assertThat(csv.has("total")).isFalse();
    }

    @Test
    void datastoreSearchWithDistinctGivesEachCombinationOfTheFieldsOnce() {
        var emirates = result(
                "datastore_search",
                "resource_id=" + centres + "&fields=emirate&distinct=true&sort=" + encode("emirate desc"));
        assertThat(emirates.get("total").asInt()).isEqualTo(3);
        assertThat(emirates.get("records").findValuesAsText("emirate"))
                .containsExactly("Sharjah", "Dubai", "Abu Dhabi");
        assertThat(emirates.get("fields").get(0).get("id").asText()).isEqualTo("emirate");

        var dubai = result(
                "datastore_search",
                "resource_id=" + centres + "&fields=emirate&distinct=true&records_format=lists&filters="
                        + encode("{\"emirate\":\"Dubai\"}"));
        assertThat(dubai.get("records").toString()).isEqualTo("[[\"Dubai\"]]");

        var second =
                result("datastore_search", "resource_id=" + centres + "&fields=emirate&distinct=true&limit=1&offset=1");
        assertThat(second.get("records").findValuesAsText("emirate")).containsExactly("Dubai");
    }

    @Test
    void errorsComeInCkansShape() {
        var missing = fixture.get("/api/3/action/package_show?id=" + java.util.UUID.randomUUID());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(tree(missing).get("error").get("__type").asText()).isEqualTo("Not Found Error");

        var badFilter = fixture.get("/api/3/action/datastore_search?resource_id=" + centres + "&filters="
                + encode("{\"nope; DROP TABLE x\":1}"));
        assertThat(badFilter.statusCode()).isEqualTo(409);
        assertThat(tree(badFilter).get("error").get("__type").asText()).isEqualTo("Validation Error");

        var badFq = fixture.get("/api/3/action/package_search?fq=" + encode("owner:'x' OR 1=1"));
        assertThat(badFq.statusCode()).isEqualTo(409);
        assertThat(tree(badFq).get("error").get("fq")).isNotNull();

        var badLimit = fixture.get("/api/3/action/datastore_search?resource_id=" + centres + "&limit=5000");
        assertThat(badLimit.statusCode()).isIn(400, 409);

        var noId = fixture.get("/api/3/action/datastore_search");
        assertThat(noId.statusCode()).isEqualTo(409);
        assertThat(tree(noId).get("error").get("resource_id").get(0).asText()).isEqualTo("Missing value");
    }

    @Test
    void theDumpIsTheCsvExport() {
        var dump = fixture.get("/datastore/dump/" + centres);
        assertThat(dump.statusCode()).isEqualTo(200);
        assertThat(dump.body()).startsWith("id,name_ar,name_en,emirate,rating,opened\r\n");
        assertThat(dump.body().split("\r\n")).hasSize(6);
    }

    private static List<Long> ids(JsonNode result) {
        var ids = new ArrayList<Long>();
        result.get("records").forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }

    @Test
    void namesAreMadeFromTheTitleUniqueChosenOnceAndNeverChanged() {
        var first = tree(fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(null)));
        var second = tree(fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(null)));
        assertThat(first.get("name").asText()).isEqualTo("service-centres-synthetic-2");
        assertThat(second.get("name").asText()).as("the same title again").isEqualTo("service-centres-synthetic-3");

        var made = fixture.postJson("/datasets", fixture.rta, named("rta-service-centres", "Centres"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        var id = tree(made).get("id").asText();
        assertThat(tree(made).get("name").asText()).isEqualTo("rta-service-centres");

        var taken = fixture.postJson("/datasets", fixture.rta, named("rta-service-centres", "Other centres"));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("rta-service-centres");

        for (var bad : List.of(
                "Has Capitals",
                "-leading",
                "x",
                "a/b",
                java.util.UUID.randomUUID().toString())) {
            var refused = fixture.postJson("/datasets", fixture.rta, named(bad, "Centres"));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
        }

        // A new title keeps the name; a replace may repeat the name but not change it.
        var etag = fixture.send(fixture.request("/datasets/" + id, fixture.rta).GET())
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        var replaced = put(id, etag, named("rta-service-centres", "Customer happiness centres"));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(tree(replaced).get("name").asText()).isEqualTo("rta-service-centres");
        var untitled = new java.util.LinkedHashMap<>(named("rta-service-centres", "Centres again"));
        untitled.remove("name");
        assertThat(tree(put(id, "*", untitled)).get("name").asText())
                .as("a replace without a name keeps it")
                .isEqualTo("rta-service-centres");
        var renamed = put(id, "*", named("centres-2026", "Centres"));
        assertThat(renamed.statusCode()).isEqualTo(400);
        assertThat(renamed.body()).contains("does not change");

        var missing = fixture.get("/api/3/action/package_show?id=no-such-dataset");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private static Map<String, Object> named(String name, String englishTitle) {
        return Map.of(
                "name", name,
                "title", Map.of("ar", "مراكز الخدمة", "en", englishTitle),
                "description", Map.of("ar", "وصف", "en", "About"),
                "licence", "https://creativecommons.org/licenses/by/4.0/",
                "contact_point", Map.of("name", "RTA", "email", "open@rta.example"));
    }

    private static java.net.http.HttpResponse<String> put(String id, String etag, Map<String, Object> metadata) {
        return fixture.send(fixture.request("/datasets/" + id, fixture.rta)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(OpenDataFixture.json(metadata))));
    }
}
