package io.khidma.opendata;

import static io.khidma.opendata.OpenDataTest.centres;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.json.KhidmaJson;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GeoJSON for datasets that say where their rows are, and only for those. */
class GeoJsonExportTest {

    static OpenDataFixture fixture;
    static OpenDataClient publisher;
    static UUID located;
    static UUID placeless;

    static final String CSV = "id,name_ar,latitude,longitude,stars\r\n"
            + "1,مركز البرشاء,25.1134,55.1959,4\r\n"
            + "2,مركز ديرة,25.2711,55.3075,\r\n"
            + "3,مركز بلا موقع,,,5\r\n";

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        publisher = fixture.client(fixture.rta);
        located = publish(
                new TableSchema(
                        List.of(
                                Field.of("id", FieldType.INTEGER),
                                Field.of("name_ar", FieldType.STRING),
                                Field.of("latitude", FieldType.NUMBER),
                                Field.of("longitude", FieldType.NUMBER),
                                Field.of("stars", FieldType.INTEGER)),
                        List.of("id"),
                        null),
                CSV);
        placeless = publish(
                new TableSchema(
                        List.of(Field.of("id", FieldType.INTEGER), Field.of("name", FieldType.STRING)), null, null),
                "id,name\r\n1,x\r\n");
    }

    @AfterAll
    static void stop() {
        publisher.close();
        fixture.close();
    }

    private static UUID publish(TableSchema schema, String csv) {
        var id = publisher.create(centres(schema)).value().id();
        publisher.upload(id, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        publisher.publish(id);
        return id;
    }

    @Test
    void eachRowIsAPointFeatureWithTheOtherFieldsAsProperties() throws Exception {
        var file = dir.resolve("centres.geojson");
        var download = publisher.download(located, DownloadFormat.GEOJSON, file, ProgressListener.NONE);
        assertThat(download.rows()).isEqualTo(3);

        var collection = KhidmaJson.mapper().readTree(Files.readString(file));
        assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
        var features = collection.get("features");
        assertThat(features).hasSize(3);
        var first = features.get(0);
        assertThat(first.get("type").asText()).isEqualTo("Feature");
        assertThat(first.get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(first.get("geometry").get("coordinates").get(0).decimalValue())
                .isEqualByComparingTo("55.1959");
        assertThat(first.get("geometry").get("coordinates").get(1).decimalValue())
                .isEqualByComparingTo("25.1134");
        assertThat(first.get("properties").get("name_ar").asText()).isEqualTo("مركز البرشاء");
        assertThat(first.get("properties").get("stars").asInt()).isEqualTo(4);
        assertThat(first.get("properties").has("latitude")).isFalse();
        assertThat(features.get(1).get("properties").has("stars")).isFalse();
        assertThat(features.get(2).get("geometry").isNull()).isTrue();
    }

    @Test
    void aDatasetWithoutCoordinatesHasNoGeoJsonAnywhere() {
        var refused = fixture.get("/datasets/" + placeless + "/export?format=geojson");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(OpenDataFixture.tree(refused).get("detail").asText()).contains("latitude and longitude");

        var formats = OpenDataFixture.tree(fixture.get("/api/3/action/package_show?id=" + placeless))
                .get("result")
                .get("resources")
                .findValuesAsText("format");
        assertThat(formats).doesNotContain("GEOJSON").contains("CSV", "PARQUET", "XLSX");
        var located = OpenDataFixture.tree(fixture.get("/api/3/action/package_show?id=" + GeoJsonExportTest.located))
                .get("result")
                .get("resources")
                .findValuesAsText("format");
        assertThat(located).contains("GEOJSON");

        var geo = publisher.searchPage(DatasetQuery.all().format(DownloadFormat.GEOJSON), null);
        assertThat(geo.items()).extracting(d -> d.id()).containsExactly(GeoJsonExportTest.located);
        assertThat(geo.facets().format()).anySatisfy(facet -> {
            assertThat(facet.value()).isEqualTo("geojson");
            assertThat(facet.count()).isEqualTo(1);
        });
    }
}
