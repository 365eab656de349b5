package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.text.Text;
import io.khidma.opendata.model.ContactPoint;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.PeriodOfTime;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.lib.ShLib;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DCAT-AP 3 output, checked against the official 3.0.1 SHACL shapes with Apache Jena SHACL. */
class DcatApTest {

    static OpenDataFixture fixture;
    static Shapes shapes;
    static String full;
    static String minimal;
    static String draft;
    static Instant beforeMinimal;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        var graph = GraphFactory.createDefaultGraph();
        RDFDataMgr.read(graph, "dcat-ap-3.0.1/shapes.ttl");
        RDFDataMgr.read(graph, "dcat-ap-3.0.1/range.ttl");
        shapes = Shapes.parse(graph);
        full = published(new NewDataset(
                Text.of("المعاملات الشهرية حسب القناة", "Monthly transactions per channel"),
                Text.of("عدد المعاملات لكل قناة (بيانات تجريبية)", "Transactions per channel (synthetic)"),
                List.of("TRAN", "GOVE"),
                List.of("transactions", "قنوات"),
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Open data team", "opendata@example.ae"),
                new PeriodOfTime(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                "Dubai",
                UpdateFrequency.IRREGULAR,
                null));
        // Just after the last change so far: what is written next is newer (times are in microseconds).
        beforeMinimal = Instant.parse(
                        tree(fixture.get("/datasets/" + full)).get("modified").asText())
                .plusNanos(1_000);
        minimal = published(new NewDataset(
                Text.of("أجهزة الخدمة الذاتية", "Kiosks"),
                Text.of("أعداد الأجهزة", "Kiosk counts"),
                null,
                null,
                URI.create("https://creativecommons.org/licenses/by/4.0/"),
                new ContactPoint("Data desk", "data@example.ae"),
                null,
                null,
                null,
                null));
        var created = fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(null));
        draft = tree(created).get("id").asText();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String published(NewDataset dataset) {
        var id = tree(fixture.postJson("/datasets", fixture.mohre, dataset))
                .get("id")
                .asText();
        assertThat(fixture.upload(id, fixture.mohre, "n,name\n1,a\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(fixture.postJson("/datasets/" + id + "/publish", fixture.mohre, "")
                        .statusCode())
                .isEqualTo(200);
        return id;
    }

    private static HttpResponse<String> get(String path, String accept) {
        return fixture.send(fixture.request(path, null).header("Accept", accept).GET());
    }

    private static Graph parse(HttpResponse<String> response, Lang lang) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var graph = GraphFactory.createDefaultGraph();
        RDFParser.create()
                .source(new StringReader(response.body()))
                .lang(lang)
                .base(fixture.uri("/").toString())
                .parse(graph);
        return graph;
    }

    private static void assertConforms(Graph graph) {
        var report = ShaclValidator.get().validate(shapes, graph);
        if (!report.conforms()) {
            var out = new ByteArrayOutputStream();
            ShLib.printReport(out, report);
            throw new AssertionError("DCAT-AP 3.0.1 shapes violated:\n" + out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDatasetIsDcatApInJsonLdAndTurtleAndBothSayTheSame() {
        for (var id : List.of(full, minimal)) {
            var jsonLd = get("/datasets/" + id, "application/ld+json");
            assertThat(jsonLd.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/ld+json");
            var turtle = get("/datasets/" + id, "text/turtle");
            assertThat(turtle.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/turtle");
            var fromJsonLd = parse(jsonLd, Lang.JSONLD);
            var fromTurtle = parse(turtle, Lang.TURTLE);
            assertThat(fromJsonLd.isIsomorphicWith(fromTurtle)).isTrue();
            assertConforms(fromTurtle);
        }
        var model = ModelFactory.createModelForGraph(parse(get("/datasets/" + full, "text/turtle"), Lang.TURTLE));
        var dataset = model.getResource(fixture.uri("/datasets/" + full).toString());
        assertThat(dataset.hasProperty(RDF.type, DCAT.Dataset)).isTrue();
        var distributions =
                model.listObjectsOfProperty(dataset, DCAT.distribution).toList();
        assertThat(distributions).hasSize(5);
        assertThat(distributions)
                .extracting(d -> d.asResource()
                        .getPropertyResourceValue(org.apache.jena.vocabulary.DCTerms.format)
                        .getURI())
                .contains("http://publications.europa.eu/resource/authority/file-type/PARQUET");
        assertThat(model.listObjectsOfProperty(dataset, DCAT.theme).toList())
                .extracting(Object::toString)
                .contains("http://publications.europa.eu/resource/authority/data-theme/TRAN");
        assertThat(get("/datasets/" + full, "application/json").body()).startsWith("{\"id\"");
    }

    @Test
    void theCatalogIsPagedValidAndHarvestableSinceAnInstant() {
        var seen = new ArrayList<String>();
        var page = get("/catalog?limit=1", "text/turtle");
        int pages = 0;
        while (true) {
            var graph = parse(page, Lang.TURTLE);
            assertConforms(graph);
            var model = ModelFactory.createModelForGraph(graph);
            model.listSubjectsWithProperty(RDF.type, DCAT.Dataset)
                    .forEach(r -> seen.add(r.getURI().substring(r.getURI().lastIndexOf('/') + 1)));
            pages++;
            var link = page.headers().firstValue("Link");
            if (link.isEmpty()) {
                break;
            }
            var next =
                    link.get().substring(link.get().indexOf('<') + 1, link.get().indexOf('>'));
            assertThat(model.listObjectsOfProperty(model.createProperty("http://www.w3.org/ns/hydra/core#next"))
                            .toList())
                    .extracting(Object::toString)
                    .containsExactly(next);
            page = fixture.send(fixture.request(
                            URI.create(next).getRawPath() + "?"
                                    + URI.create(next).getRawQuery(),
                            null)
                    .header("Accept", "text/turtle")
                    .GET());
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder(full, minimal).doesNotContain(draft);

        var jsonLd = get("/catalog", "application/ld+json");
        assertConforms(parse(jsonLd, Lang.JSONLD));
        var since = ModelFactory.createModelForGraph(
                parse(get("/catalog?modified_since=" + beforeMinimal, "text/turtle"), Lang.TURTLE));
        assertThat(since.listSubjectsWithProperty(RDF.type, DCAT.Dataset).toList())
                .extracting(r -> r.getURI())
                .containsExactly(fixture.uri("/datasets/" + minimal).toString());
    }
}
