package io.khidma.examples.opendata;

import io.khidma.examples.Examples;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.Download;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.model.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * User story: a third party (a researcher, a journalist, a start-up) finds a dataset, queries its
 * rows and downloads it. No account is needed; an API key from the publisher raises the rate limit.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.opendata.ConsumeOpenData [sandbox-url] [file]
 * </pre>
 *
 * Searches in Arabic, prints the Dubai rows of the service centres dataset with the best-rated
 * first, and downloads the whole dataset as CSV (to {@code service-centres.csv} unless a file is
 * given). Rows are paged with a cursor that stays on one version, so a new upload midway changes
 * nothing; a download lands in the file only when complete.
 */
public final class ConsumeOpenData {

    private ConsumeOpenData() {}

    /** The first dataset an Arabic search for service centres finds. */
    public static Dataset findServiceCentres(OpenDataClient openData) {
        return openData.search(DatasetQuery.text("مراكز الخدمة")).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no dataset about service centres"));
    }

    /** Its Dubai rows, best-rated first, with only the columns we show. */
    public static List<Map<String, Object>> bestRatedInDubai(OpenDataClient openData, Dataset dataset) {
        return openData
                .rows(
                        dataset.id(),
                        RowQuery.all().eq("emirate", "Dubai").sort("-rating").fields("name_ar", "name_en", "rating"))
                .stream()
                .toList();
    }

    public static void main(String[] args) {
        var sandbox = Examples.sandbox(args);
        var file = Path.of(args.length > 1 ? args[1] : "service-centres.csv");
        try (var openData = OpenDataClient.builder().endpoint(sandbox).build()) {
            var dataset = findServiceCentres(openData);
            System.out.println(dataset.title().ar() + " / " + dataset.title().en());
            for (var row : bestRatedInDubai(openData, dataset)) {
                System.out.printf("  %s  %s / %s%n", row.get("rating"), row.get("name_ar"), row.get("name_en"));
            }
            Download download = openData.download(dataset.id(), DownloadFormat.CSV, file, ProgressListener.NONE);
            System.out.printf(
                    "Downloaded %d bytes to %s%n",
                    download.bytes(), download.file().toAbsolutePath());
        }
    }
}
