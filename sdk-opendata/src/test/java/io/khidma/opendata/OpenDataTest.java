package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.text.Text;
import io.khidma.opendata.model.Constraints;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenDataTest {

    static OpenDataFixture fixture;

    static final String CENTRES = "\uFEFFid,name_ar,name_en,emirate,rating,opened\r\n"
            + "1,مركز ديرة,Deira centre,Dubai,4.5,2019-03-01\r\n"
            + "2,مركز البرشاء,Al Barsha centre,Dubai,3.9,2020-07-15\r\n"
            + "3,مركز الخالدية,Al Khalidiya centre,Abu Dhabi,4.8,2018-01-10\r\n"
            + "4,\"مركز \"\"النهدة\"\"\",\"Al Nahda, Sharjah\",Sharjah,,2021-11-30\r\n"
            + "5,مركز الصفا,=HYPERLINK(\"http://x\"),Dubai,2.0,2022-05-05\r\n";

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static TableSchema centresSchema() {
        return new TableSchema(
                List.of(
                        Field.of("id", FieldType.INTEGER),
                        Field.of("name_ar", FieldType.STRING).with(Constraints.NONE.withRequired(true)),
                        Field.of("name_en", FieldType.STRING),
                        Field.of("emirate", FieldType.STRING)
                                .with(new Constraints(
                                        true,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of("Dubai", "Abu Dhabi", "Sharjah")))
                                .indexed(),
                        Field.of("rating", FieldType.NUMBER)
                                .with(new Constraints(null, null, "0", "5", null, null, null, null)),
                        Field.of("opened", FieldType.DATE)),
                List.of("id"),
                null);
    }

    static NewDataset centres(TableSchema schema) {
        return new NewDataset(
                Text.of("مراكز الخدمة (بيانات تجريبية)", "Service centres (synthetic)"),
                Text.of("مواقع مراكز الخدمة وتقييماتها", "Service centre locations and star ratings"),
                List.of("GOVE"),
                List.of("service centres", "مراكز"),
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Open data team", "opendata@example.ae"),
                null,
                "United Arab Emirates",
                UpdateFrequency.MONTHLY,
                schema);
    }

    private static String create(NewDataset dataset) {
        var created = fixture.postJson("/datasets", fixture.rta, dataset);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tree(created).get("id").asText();
    }

    private static String publishedCentres() {
        var id = create(centres(centresSchema()));
        assertThat(fixture.upload(id, fixture.rta, CENTRES.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "")
                        .statusCode())
                .isEqualTo(200);
        return id;
    }

    @Test
    void aDatasetIsCreatedAsADraftUploadedValidatedAndPublished() {
        var id = create(centres(centresSchema()));
        assertThat(fixture.get("/datasets/" + id).statusCode())
                .as("a draft is its publisher's only")
                .isEqualTo(404);
        assertThat(fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "")
                        .statusCode())
                .as("nothing to publish yet")
                .isEqualTo(409);

        var uploaded = fixture.upload(id, fixture.rta, CENTRES.getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        var version = tree(uploaded);
        assertThat(version.get("number").asInt()).isEqualTo(1);
        assertThat(version.get("row_count").asLong()).isEqualTo(5);
        assertThat(version.get("sha256").asText()).hasSize(64);

        var published = fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "");
        assertThat(tree(published).get("status").asText()).isEqualTo("PUBLISHED");
        var read = fixture.get("/datasets/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(tree(read).get("latest_version").asInt()).isEqualTo(1);
        assertThat(tree(read).get("table_schema").get("primaryKey").get(0).asText())
                .isEqualTo("id");

        var rows = tree(fixture.get("/datasets/" + id + "/rows?sort=id"));
        assertThat(rows.get("items")).hasSize(5);
        var nahda = rows.get("items").get(3);
        assertThat(nahda.get("name_ar").asText()).isEqualTo("مركز \"النهدة\"");
        assertThat(nahda.get("name_en").asText()).isEqualTo("Al Nahda, Sharjah");
        assertThat(nahda.has("rating"))
                .as("a missing value is left out of the row")
                .isFalse();
        assertThat(rows.get("items").get(0).get("rating").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(rows.get("items").get(0).get("opened").asText()).isEqualTo("2019-03-01");
    }

    @Test
    void anInvalidUploadListsItsErrorsAndLeavesThePreviousVersionLive() {
        var id = publishedCentres();
        var broken = "id,name_ar,name_en,emirate,rating,opened\n"
                + "1,مركز,Centre,Dubai,7,2019-03-01\n"
                + "2,,Centre,Dubai,3,2019-02-30\n"
                + "3,مركز,Centre,Ajman,x,2019-03-01\n"
                + "1,مركز,Centre,Dubai,3,2019-03-01\n";
        var refused = fixture.upload(id, fixture.rta, broken.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        var errors = new ArrayList<String>();
        tree(refused)
                .get("errors")
                .forEach(e ->
                        errors.add(e.get("field").asText() + " " + e.get("code").asText()));
        assertThat(errors)
                .contains(
                        "rows[2].rating maximum",
                        "rows[3].name_ar required",
                        "rows[3].opened type",
                        "rows[4].emirate enum",
                        "rows[4].rating type");
        var versions = tree(fixture.get("/datasets/" + id + "/versions")).get("items");
        assertThat(versions).hasSize(1);
        assertThat(tree(fixture.get("/datasets/" + id + "/rows")).get("items")).hasSize(5);

        var duplicate =
                "id,name_ar,name_en,emirate,rating,opened\n1,أ,A,Dubai,1,2020-01-01\n1,ب,B,Dubai,2,2020-01-01\n";
        var repeated = fixture.upload(id, fixture.rta, duplicate.getBytes(StandardCharsets.UTF_8));
        assertThat(repeated.statusCode()).isEqualTo(422);
        assertThat(tree(repeated).get("errors").get(0).get("field").asText()).isEqualTo("rows[3].id");
        assertThat(tree(fixture.get("/datasets/" + id + "/versions")).get("items"))
                .hasSize(1);

        // Dates ISO 8601 writes with a sign or year 0 are refused, not left for the database to fail on.
        var outsideYears =
                "id,name_ar,name_en,emirate,rating,opened\n1,أ,A,Dubai,1,+10000-01-01\n2,ب,B,Dubai,2,0000-12-31\n";
        var refusedYears = fixture.upload(id, fixture.rta, outsideYears.getBytes(StandardCharsets.UTF_8));
        assertThat(refusedYears.statusCode()).as(refusedYears.body()).isEqualTo(422);
        assertThat(refusedYears.body()).contains("rows[2].opened", "rows[3].opened", "from year 1 to 9999");
        assertThat(tree(fixture.get("/datasets/" + id + "/versions")).get("items"))
                .hasSize(1);
    }

    @Test
    void filesThatAreNotCsvOrNotUtf8OrHaveTheWrongColumnsAreRefusedClearly() {
        var id = create(centres(centresSchema()));
        var brokenQuote = "id,name_ar,name_en,emirate,rating,opened\n1,\"unterminated,x,Dubai,1,2020-01-01\n";
        assertThat(fixture.upload(id, fixture.rta, brokenQuote.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(422);
        var latin1 = "id,name_ar,name_en,emirate,rating,opened\n1,caf\u00e9,x,Dubai,1,2020-01-01\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        var notUtf8 = fixture.upload(id, fixture.rta, latin1);
        assertThat(notUtf8.statusCode()).isEqualTo(422);
        assertThat(notUtf8.body()).contains("not UTF-8");
        var wrongHeader = fixture.upload(id, fixture.rta, "id,name\n1,x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongHeader.statusCode()).isEqualTo(422);
        assertThat(wrongHeader.body()).contains("missing-column").contains("unknown-column");
        assertThat(tree(fixture.send(fixture.request("/datasets/" + id + "/versions", fixture.rta)
                                .GET()))
                        .get("items"))
                .isEmpty();
    }

    @Test
    void withoutASchemaOneIsInferredFromTheWholeFile() {
        var id = create(centres(null));
        var uploaded = fixture.upload(id, fixture.rta, CENTRES.getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        var types = new ArrayList<String>();
        tree(uploaded)
                .get("table_schema")
                .get("fields")
                .forEach(f -> types.add(f.get("type").asText()));
        assertThat(types).containsExactly("integer", "string", "string", "string", "number", "date");
    }

    @Test
    void onlyThePublisherChangesADatasetAndRepliesCarryTheRightStatus() {
        var id = create(centres(centresSchema()));
        assertThat(fixture.upload(id, null, "id\n1\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(401);
        assertThat(fixture.upload(id, fixture.mohre, CENTRES.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(403);
        var put = fixture.request("/datasets/" + id, fixture.rta)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(OpenDataFixture.json(centres(centresSchema()))));
        assertThat(fixture.send(put).statusCode()).as("If-Match is required").isEqualTo(428);
        var etag = fixture.send(fixture.request("/datasets/" + id, fixture.rta).GET())
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        var replaced = fixture.send(fixture.request("/datasets/" + id, fixture.rta)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(OpenDataFixture.json(centres(centresSchema())))));
        assertThat(replaced.statusCode()).isEqualTo(200);
        var stale = fixture.send(fixture.request("/datasets/" + id, fixture.rta)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(OpenDataFixture.json(centres(centresSchema())))));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(fixture.send(fixture.request("/datasets/" + id, fixture.mohre)
                                .DELETE())
                        .statusCode())
                .isEqualTo(403);
        assertThat(fixture.send(fixture.request("/datasets/" + id, fixture.rta).DELETE())
                        .statusCode())
                .isEqualTo(204);
        assertThat(fixture.send(fixture.request("/datasets/" + id, fixture.rta).GET())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void filtersSortsAndFieldsWork() {
        var id = publishedCentres();
        var dubai = tree(fixture.get(
                "/datasets/" + id + "/rows?filter=emirate:eq:Dubai&sort=-rating&fields=id,rating&include_total=true"));
        assertThat(ids(dubai)).containsExactly(1L, 2L, 5L);
        assertThat(dubai.get("items").get(0).size()).isEqualTo(2);
        assertThat(dubai.get("total").asLong()).isEqualTo(3);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?filter=rating:gte:4&sort=id"))))
                .containsExactly(1L, 3L);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?filter=emirate:in:Sharjah%7CAbu%20Dhabi&sort=id"))))
                .containsExactly(3L, 4L);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?filter=name_en:prefix:Al%20&sort=id"))))
                .containsExactly(2L, 3L, 4L);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?sort=rating,id"))))
                .as("nulls last")
                .containsExactly(5L, 2L, 1L, 3L, 4L);
        assertThat(tree(fixture.get("/datasets/" + id + "/rows?include_total=true"))
                        .get("total")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void injectionInFilterNamesValuesAndSortsIsRefusedOrHarmless() {
        var id = publishedCentres();
        for (var query : List.of(
                "filter=" + encode("id;DROP TABLE opendata_dataset;--:eq:1"),
                "filter=" + encode("emirate:eq);DELETE FROM opendata_version;--:x"),
                "filter=" + encode("rating:gt:1 OR 1=1"),
                "sort=" + encode("id; DROP TABLE opendata_dataset"),
                "sort=" + encode("(SELECT 1)"),
                "fields=" + encode("id,pg_sleep(5)"),
                "filter=" + encode("rating:like:%"))) {
            var answer = fixture.get("/datasets/" + id + "/rows?" + query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        var quoted = fixture.get("/datasets/" + id + "/rows?filter=" + encode("name_en:eq:' OR '1'='1"));
        assertThat(quoted.statusCode()).isEqualTo(200);
        assertThat(tree(quoted).get("items")).isEmpty();
        var wildcard = fixture.get("/datasets/" + id + "/rows?filter=" + encode("name_en:prefix:%"));
        assertThat(tree(wildcard).get("items"))
                .as("% is a character, not a wildcard")
                .isEmpty();
        assertThat(tree(fixture.get("/datasets/" + id + "/rows")).get("items")).hasSize(5);
    }

    @Test
    void keysetPagingVisitsEveryRowExactlyOnceWhateverTheSort() {
        var csv = new StringBuilder("id,name_ar,name_en,emirate,rating,opened\n");
        for (int i = 1; i <= 2_345; i++) {
            var rating = i % 7 == 0 ? "" : Integer.toString(i % 5);
            csv.append(i)
                    .append(",مركز ")
                    .append(i)
                    .append(",Centre ")
                    .append(i % 13)
                    .append(',')
                    .append(i % 3 == 0 ? "Dubai" : "Sharjah")
                    .append(',')
                    .append(rating)
                    .append(",2020-01-01\n");
        }
        var id = create(centres(centresSchema()));
        assertThat(fixture.upload(id, fixture.rta, csv.toString().getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "");
        for (var sort : List.of("", "-rating", "rating,-name_en", "name_en,-id", "emirate,-rating")) {
            var seen = new HashSet<Long>();
            var all = new ArrayList<Long>();
            String cursor = null;
            int pages = 0;
            do {
                var query = "/datasets/" + id + "/rows?limit=100&sort=" + encode(sort)
                        + (cursor == null ? "" : "&cursor=" + cursor);
                var page = tree(fixture.get(query));
                all.addAll(ids(page));
                cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
                pages++;
            } while (cursor != null);
            seen.addAll(all);
            assertThat(all).as("sort " + sort).hasSize(2_345);
            assertThat(seen).as("sort " + sort + ": no row twice").hasSize(2_345);
            assertThat(pages).isEqualTo(24);
        }
        var otherSort = tree(fixture.get("/datasets/" + id + "/rows?limit=10&sort=rating"))
                .get("next")
                .asText();
        assertThat(fixture.get("/datasets/" + id + "/rows?limit=10&sort=id&cursor=" + otherSort)
                        .statusCode())
                .as("a cursor belongs to its sort")
                .isEqualTo(400);
    }

    @Test
    void theExportStreamsCsvNeutralisesFormulasAndHonoursTheVersionsETag() throws IOException, InterruptedException {
        var id = publishedCentres();
        var export = fixture.get("/datasets/" + id + "/export?format=csv");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"service-centres-synthetic-v1.csv\"");
        var lines = export.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,name_ar,name_en,emirate,rating,opened");
        assertThat(lines).hasSize(6);
        assertThat(lines[4]).isEqualTo("4,\"مركز \"\"النهدة\"\"\",\"Al Nahda, Sharjah\",Sharjah,,2021-11-30");
        assertThat(lines[5]).isEqualTo("5,مركز الصفا,\"'=HYPERLINK(\"\"http://x\"\")\",Dubai,2.0,2022-05-05");
        var raw = fixture.get("/datasets/" + id + "/export?neutralise_formulas=false");
        assertThat(raw.body()).contains("\"=HYPERLINK(\"\"http://x\"\")\"");
        // The loader noted the one text field holding a formula (name_en), the only one the export
        // looks at; a version loaded before that was noted has all its text fields looked at.
        var version = "SELECT %s FROM opendata_version WHERE dataset_id = CAST(:id AS uuid)";
        String formulaFields = fixture.database.jdbi().withHandle(h -> h.createQuery(
                        version.formatted("formula_fields::text"))
                .bind("id", id)
                .mapTo(String.class)
                .one());
        assertThat(formulaFields).isEqualTo("{2}");
        fixture.database.jdbi().useHandle(h -> h.createUpdate(
                        "UPDATE opendata_version SET formula_fields = NULL WHERE dataset_id = CAST(:id AS uuid)")
                .bind("id", id)
                .execute());
        assertThat(fixture.get("/datasets/" + id + "/export?format=csv").body()).isEqualTo(export.body());

        var etag = export.headers().firstValue("ETag").orElseThrow();
        var again = fixture.send(fixture.request("/datasets/" + id + "/export?format=csv", null)
                .header("If-None-Match", etag)
                .GET());
        assertThat(again.statusCode()).isEqualTo(304);

        var filtered = fixture.get("/datasets/" + id + "/export?filter=emirate:eq:Dubai");
        assertThat(filtered.body().split("\r\n")).hasSize(4);
        assertThat(filtered.headers().firstValue("ETag"))
                .isNotEqualTo(export.headers().firstValue("ETag"));

        var gzipped = fixture.http.send(
                fixture.request("/datasets/" + id + "/export", null)
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(export.body());
        }
    }

    @Test
    void fullTextQueryFindsRowsByTheirTextInArabicOrEnglish() {
        var id = publishedCentres();
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?q=deira")))).containsExactly(1L);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?sort=id&q=" + encode("المركز")))))
                .as("with the definite article, it finds every مركز")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(tree(fixture.get("/datasets/" + id + "/rows?sort=id&q=centres&filter=emirate:eq:Dubai"))))
                .containsExactly(1L, 2L);
        var total = tree(fixture.get("/datasets/" + id + "/rows?q=sharjah&include_total=true"));
        assertThat(ids(total)).containsExactly(4L);
        assertThat(total.get("total").asLong()).isEqualTo(1);
        assertThat(tree(fixture.get("/datasets/" + id + "/rows?q=the")).get("items"))
                .as("stop words alone match nothing")
                .isEmpty();
        var export = fixture.get("/datasets/" + id + "/export?q=" + encode("البرشاء"));
        assertThat(export.body().split("\r\n")).hasSize(2);
        assertThat(export.body()).contains("Al Barsha centre");

        var numbers = create(centres(null));
        fixture.upload(numbers, fixture.rta, "n,m\n1,2\n".getBytes(StandardCharsets.UTF_8));
        fixture.postJson("/datasets/" + numbers + "/publish", fixture.rta, "");
        assertThat(fixture.get("/datasets/" + numbers + "/rows?q=x").statusCode())
                .as("no text fields to search")
                .isEqualTo(400);
    }

    @Test
    void theExportAlsoStreamsJsonAndNdjsonWithTypedValues() throws IOException {
        var id = publishedCentres();
        var json = fixture.get("/datasets/" + id + "/export?format=json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(json.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"service-centres-synthetic-v1.json\"");
        var rows = tree(json);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).get("id").isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get("rating").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(rows.get(0).get("opened").asText()).isEqualTo("2019-03-01");
        assertThat(rows.get(3).has("rating")).as("a missing value is left out").isFalse();
        assertThat(rows.get(4).get("name_en").asText())
                .as("no formula neutralising in JSON")
                .isEqualTo("=HYPERLINK(\"http://x\")");

        var ndjson = fixture.get("/datasets/" + id + "/export?format=ndjson&filter=emirate:eq:Dubai");
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        var lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(3);
        for (var line : lines) {
            assertThat(KhidmaJson.mapper().readTree(line).get("emirate").asText())
                    .isEqualTo("Dubai");
        }
        assertThat(ndjson.body()).endsWith("}\n");
        assertThat(ndjson.headers().firstValue("ETag"))
                .isNotEqualTo(json.headers().firstValue("ETag"));
        assertThat(fixture.get("/datasets/" + id + "/export?format=xls").statusCode())
                .isEqualTo(400);
    }

    @Test
    void olderVersionsStayQueryableByNumber() {
        var id = publishedCentres();
        var second = CENTRES.replace("4.5", "1.5") + "6,مركز جديد,New centre,Dubai,5,2024-01-01\r\n";
        assertThat(fixture.upload(id, fixture.rta, second.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(tree(fixture.get("/datasets/" + id + "/rows")).get("items")).hasSize(6);
        var first = tree(fixture.get("/datasets/" + id + "/rows?version=1&sort=id"));
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("items")).hasSize(5);
        assertThat(first.get("items").get(0).get("rating").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(fixture.get("/datasets/" + id + "/rows?version=9").statusCode())
                .isEqualTo(404);
        assertThat(tree(fixture.get("/datasets/" + id + "/versions")).get("items"))
                .extracting(v -> v.get("number").asInt())
                .containsExactly(2, 1);
    }

    private static List<Long> ids(JsonNode page) {
        var ids = new ArrayList<Long>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
