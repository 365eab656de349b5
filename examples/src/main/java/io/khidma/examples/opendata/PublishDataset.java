package io.khidma.examples.opendata;

import io.khidma.examples.Examples;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;

/**
 * User story: an agency publishes open data, and each month a new version of it.
 *
 * <p>The dataset's metadata (DCAT-AP: bilingual title and description, themes, licence, contact)
 * is created once, with a Table Schema that every uploaded version is validated against: a file
 * with a bad row is refused whole, with the row and column in the problem, and the published
 * version stays as it was. Each upload that passes becomes the next version; earlier versions stay
 * readable.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.opendata.PublishDataset [sandbox-url]
 * </pre>
 *
 * Running it again uploads a version with one more month, of the same dataset.
 */
public final class PublishDataset {

    private static final YearMonth FIRST_MONTH = YearMonth.of(2024, 1);

    private PublishDataset() {}

    public static NewDataset metroRidership() {
        return NewDataset.builder()
                .title("ركاب المترو حسب الخط (بيانات تجريبية)", "Metro ridership by line (synthetic)")
                .description(
                        "عدد ركاب مترو دبي شهرياً لكل خط. أرقام مصطنعة للتجربة.",
                        "Monthly Dubai Metro riders per line. Made-up figures, for trying things out.")
                .themes("TRAN")
                .keywords("metro", "مترو", "ridership", "synthetic")
                .licence(URI.create("https://creativecommons.org/licenses/by/4.0/"))
                .contactPoint("Open data team / فريق البيانات المفتوحة", "opendata@rta.example.ae")
                .spatial("Dubai")
                .updateFrequency(UpdateFrequency.MONTHLY)
                .tableSchema(TableSchema.of(
                                Field.of("month", FieldType.DATE),
                                Field.of("line", FieldType.STRING).indexed(),
                                Field.of("line_ar", FieldType.STRING),
                                Field.of("riders", FieldType.INTEGER))
                        .withPrimaryKey("month", "line"))
                .build();
    }

    /** Finds the agency's dataset by its title, or creates it; agencies usually keep the id instead. */
    public static Dataset findOrCreate(OpenDataClient publisher, String agency, NewDataset metadata) {
        return publisher.search(DatasetQuery.all().publisher(agency)).stream()
                .filter(dataset -> dataset.title().en().equals(metadata.title().en()))
                .findFirst()
                .orElseGet(() -> publisher.create(metadata).value());
    }

    /**
     * Uploads the figures from January 2024 through {@code last} as the dataset's next version (a
     * version is the whole table, not a difference), and publishes the dataset if it is a draft.
     */
    public static DatasetVersion publishThrough(OpenDataClient publisher, Dataset dataset, YearMonth last) {
        var csv = new StringBuilder("month,line,line_ar,riders\r\n");
        for (var month = FIRST_MONTH; !month.isAfter(last); month = month.plusMonths(1)) {
            int seed = month.getYear() * 12 + month.getMonthValue();
            csv.append(month.atDay(1))
                    .append(",Red,الخط الأحمر,")
                    .append(6_100_000 + seed % 97 * 1_000)
                    .append("\r\n");
            csv.append(month.atDay(1))
                    .append(",Green,الخط الأخضر,")
                    .append(3_400_000 + seed % 89 * 1_000)
                    .append("\r\n");
            csv.append(month.atDay(1))
                    .append(",Route 2020,مسار 2020,")
                    .append(900_000 + seed % 83 * 1_000)
                    .append("\r\n");
        }
        var version = publisher.upload(
                dataset.id(), new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        if (dataset.status() != DatasetStatus.PUBLISHED) {
            publisher.publish(dataset.id());
        }
        return version;
    }

    public static void main(String[] args) {
        var sandbox = Examples.sandbox(args);
        try (var tokens = Examples.agencyTokens(sandbox, "rta-portal");
                var publisher = OpenDataClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            var dataset = findOrCreate(publisher, "rta", metroRidership());
            var month = FIRST_MONTH.plusMonths(publisher.versions(dataset.id()).size());
            var version = publishThrough(publisher, dataset, month);
            System.out.printf(
                    "Published version %d (through %s, %d rows) of \"%s\"%n  %s%n",
                    version.number(),
                    month,
                    version.rowCount(),
                    dataset.title().en(),
                    sandbox.resolve("/datasets/" + dataset.id()));
        }
    }
}
