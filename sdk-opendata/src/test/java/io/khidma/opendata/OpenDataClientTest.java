package io.khidma.opendata;

import static io.khidma.opendata.OpenDataTest.CENTRES;
import static io.khidma.opendata.OpenDataTest.centres;
import static io.khidma.opendata.OpenDataTest.centresSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.PreconditionFailedException;
import io.khidma.core.problem.UnauthorizedException;
import io.khidma.core.problem.ValidationException;
import io.khidma.core.text.Text;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenDataClient} against the real server kit and PostgreSQL, as publisher and consumer. */
class OpenDataClientTest {

    static OpenDataFixture fixture;
    static OpenDataClient publisher;
    static OpenDataClient consumer;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        publisher = OpenDataClient.builder()
                .endpoint(fixture.server.uri())
                .credentials(fixture.rta)
                .build();
        consumer = OpenDataClient.builder().endpoint(fixture.server.uri()).build();
    }

    @AfterAll
    static void stop() {
        consumer.close();
        publisher.close();
        fixture.close();
    }

    /** A published copy of the test centres, uploaded from a file. */
    private UUID publishedCentres() throws IOException {
        var id = publisher.create(centres(centresSchema())).value().id();
        var csv = Files.writeString(dir.resolve("centres.csv"), CENTRES);
        var version = publisher.upload(id, csv);
        assertThat(version.number()).isEqualTo(1);
        assertThat(version.rowCount()).isEqualTo(5);
        assertThat(version.bytes()).isEqualTo(Files.size(csv));
        assertThat(publisher.publish(id).status()).isEqualTo(DatasetStatus.PUBLISHED);
        return id;
    }

    @Test
    void aPublisherCreatesUploadsReplacesAndPublishesAndAConsumerFindsIt() throws IOException {
        var id = publishedCentres();
        var read = publisher.read(id);
        var renamed = read.value().metadata().withTitle(Text.of("مراكز خدمة العملاء", "Customer service centres"));

        var replaced = publisher.replace(read, renamed);

        assertThat(replaced.value().title().en()).isEqualTo("Customer service centres");
        assertThatThrownBy(() -> publisher.replace(read, renamed)).isInstanceOf(PreconditionFailedException.class);
        var found = consumer.search(DatasetQuery.text("customer service").publisher("rta")).stream()
                .map(Dataset::id)
                .toList();
        assertThat(found).contains(id);
        assertThat(consumer.get(id).latestVersion()).isEqualTo(1);
    }

    @Test
    void searchWalksEveryPageAndReportsFacets() throws IOException {
        var ids = List.of(publishedCentres(), publishedCentres(), publishedCentres());
        var query = DatasetQuery.all().publisher("rta").pageSize(1);

        var seen = new ArrayList<UUID>();
        consumer.search(query).forEach(dataset -> seen.add(dataset.id()));

        assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
        var first = consumer.searchPage(query, null);
        assertThat(first.items()).hasSize(1);
        assertThat(first.facets().publisher()).anySatisfy(facet -> {
            assertThat(facet.value()).isEqualTo("rta");
            assertThat(facet.count()).isEqualTo(seen.size());
        });
    }

    @Test
    void rowsAreReadLazilyFromOneVersionEvenWhenANewOneArrivesMidway() throws IOException {
        var id = publishedCentres();
        var rows = consumer.rows(id, RowQuery.all().sort("id").pageSize(2)).iterator();
        var names = new ArrayList<Object>();
        names.add(rows.next().get("name_en"));

        publisher.upload(
                id,
                new ByteArrayInputStream("id,name_ar,name_en,emirate,rating,opened\r\n9,مركز,New,Dubai,1,2024-01-01\r\n"
                        .getBytes(StandardCharsets.UTF_8)));
        rows.forEachRemaining(row -> names.add(row.get("name_en")));

        assertThat(names)
                .containsExactly(
                        "Deira centre",
                        "Al Barsha centre",
                        "Al Khalidiya centre",
                        "Al Nahda, Sharjah",
                        "=HYPERLINK(\"http://x\")");
        assertThat(consumer.versions(id)).extracting(v -> v.number()).containsExactly(2, 1);
        assertThat(consumer.rows(id, RowQuery.all()).stream().toList())
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("name_en", "New"));
    }

    @Test
    void rowQueriesFilterSortProjectAndCount() throws IOException {
        var id = publishedCentres();

        var dubai = consumer
                .rows(
                        id,
                        RowQuery.all()
                                .eq("emirate", "Dubai")
                                .gte("rating", 3)
                                .sort("-rating")
                                .fields("id", "rating"))
                .stream()
                .toList();
        var page = consumer.rowsPage(id, RowQuery.all().in("emirate", List.of("Sharjah", "Abu Dhabi")), null, true);

        assertThat(dubai).containsExactly(Map.of("id", 1, "rating", 4.5), Map.of("id", 2, "rating", 3.9));
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.version()).isEqualTo(1);
        assertThatThrownBy(() -> consumer.rows(id, RowQuery.all().eq("salary", 1))
                        .iterator()
                        .next())
                .isInstanceOf(io.khidma.core.problem.BadRequestException.class)
                .hasMessageContaining("salary");
    }

    @Test
    void downloadStreamsToDiskWithProgressAndMatchesTheExport() throws IOException {
        var id = publishedCentres();
        var target = dir.resolve("out/centres.csv");
        Files.createDirectories(target.getParent());
        var progress = new ArrayList<Long>();
        var rows = new ArrayList<Long>();

        var download = consumer.download(id, DownloadFormat.CSV, target, (bytes, total, rowsSoFar) -> {
            progress.add(bytes);
            rows.add(rowsSoFar);
        });

        var expected = fixture.get("/datasets/" + id + "/export?format=csv").body();
        assertThat(Files.readString(target)).isEqualTo(expected);
        assertThat(download.bytes()).isEqualTo(Files.size(target));
        assertThat(download.etag()).startsWith("\"v1-");
        assertThat(progress).isNotEmpty().isSorted().last().isEqualTo(download.bytes());
        assertThat(Files.list(target.getParent())).containsExactly(target);
        assertThat(download.rows()).isEqualTo(expected.lines().count() - 1);
        assertThat(rows).isSorted().last().isEqualTo(download.rows());
        assertThat(download.resumedFrom()).isZero();

        var dubai = consumer.download(
                id,
                RowQuery.all().eq("emirate", "Dubai"),
                DownloadFormat.NDJSON,
                dir.resolve("dubai.ndjson"),
                ProgressListener.NONE);
        assertThat(Files.readAllLines(dubai.file())).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("\"emirate\":\"Dubai\""));
    }

    @Test
    void anInterruptedDownloadResumesWhereItStopped() throws IOException {
        var id = publishedCentres();
        var whole = consumer.download(id, DownloadFormat.NDJSON, dir.resolve("whole.ndjson"), ProgressListener.NONE);
        var bytes = Files.readAllBytes(whole.file());
        // What an interrupted download leaves: the first part of the data and the ETag it had.
        var target = dir.resolve("resumed.ndjson");
        Files.write(dir.resolve("resumed.ndjson.part"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("resumed.ndjson.part.etag"), whole.etag());
        var totals = new ArrayList<Long>();
        var started = new ArrayList<Long>();

        var resumed = consumer.download(id, DownloadFormat.NDJSON, target, new ProgressListener() {
            @Override
            public void started(long resumedFrom, long totalBytes) {
                started.add(resumedFrom);
            }

            @Override
            public void progressed(long done, long total, long rowsSoFar) {
                totals.add(total);
            }
        });

        assertThat(resumed.resumedFrom()).isEqualTo(bytes.length / 2);
        assertThat(started).containsExactly((long) bytes.length / 2);
        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(resumed.rows()).isEqualTo(whole.rows()).isEqualTo(5);
        assertThat(totals).isNotEmpty().allSatisfy(total -> assertThat(total).isEqualTo(bytes.length));
        assertThat(dir.resolve("resumed.ndjson.part")).doesNotExist();
        assertThat(dir.resolve("resumed.ndjson.part.etag")).doesNotExist();
    }

    @Test
    void aPartOfDataThatChangedSinceIsDownloadedAgainWhole() throws IOException {
        var id = publishedCentres();
        var expected = fixture.get("/datasets/" + id + "/export?format=csv").body();
        var target = dir.resolve("changed.csv");
        Files.writeString(dir.resolve("changed.csv.part"), "id,old_column\r\n1,stale");
        Files.writeString(dir.resolve("changed.csv.part.etag"), "\"v0-0\"");

        var download = consumer.download(id, DownloadFormat.CSV, target, ProgressListener.NONE);

        assertThat(download.resumedFrom()).isZero();
        assertThat(Files.readString(target)).isEqualTo(expected);
    }

    @Test
    void theExportServesByteRangesOfItsUncompressedData() throws IOException {
        var id = publishedCentres();
        var path = "/datasets/" + id + "/export?format=csv";
        var whole = fixture.get(path);
        var data = whole.body().getBytes(StandardCharsets.UTF_8);
        var etag = whole.headers().firstValue("ETag").orElseThrow();
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");

        var middle = fixture.send(HttpRequest.newBuilder(fixture.server.uri().resolve(path))
                .header("Range", "bytes=10-19")
                .header("If-Range", etag)
                .header("Accept-Encoding", "gzip"));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 10-19/" + data.length);
        assertThat(middle.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(middle.body()).isEqualTo(new String(data, 10, 10, StandardCharsets.UTF_8));

        var tail = fixture.send(
                HttpRequest.newBuilder(fixture.server.uri().resolve(path)).header("Range", "bytes=-7"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(new String(data, data.length - 7, 7, StandardCharsets.UTF_8));

        var past = fixture.send(HttpRequest.newBuilder(fixture.server.uri().resolve(path))
                .header("Range", "bytes=" + data.length + "-"));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + data.length);

        var changed = fixture.send(HttpRequest.newBuilder(fixture.server.uri().resolve(path))
                .header("Range", "bytes=10-")
                .header("If-Range", "\"v0-0\""));
        assertThat(changed.statusCode()).as("another ETag: the whole data").isEqualTo(200);
        assertThat(changed.body()).isEqualTo(whole.body());
    }

    @Test
    void aFailedDownloadLeavesNoFileBehind() {
        var target = dir.resolve("missing.csv");

        assertThatThrownBy(
                        () -> consumer.download(UUID.randomUUID(), DownloadFormat.CSV, target, ProgressListener.NONE))
                .isInstanceOf(NotFoundException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anInvalidUploadIsAValidationErrorAndTheLiveVersionStays() throws IOException {
        var id = publishedCentres();
        var bad = Files.writeString(
                dir.resolve("bad.csv"), "id,name_ar,name_en,emirate,rating,opened\r\n1,,x,Mars,9,2020-01-01\r\n");

        assertThatThrownBy(() -> publisher.upload(id, bad))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problem().errors()).isNotEmpty());
        assertThat(consumer.get(id).latestVersion()).isEqualTo(1);
        assertThat(consumer.rows(id, RowQuery.all()).stream().count()).isEqualTo(5);
    }

    @Test
    void anApiKeyIsSentOnEveryCallUntilRevoked() {
        var key = publisher.issueApiKey("client test");
        try (var keyed = OpenDataClient.builder()
                .endpoint(fixture.server.uri())
                .apiKey(key.key())
                .build()) {
            assertThat(keyed.searchPage(DatasetQuery.all(), null)).isNotNull();

            publisher.revokeApiKey(key.id());

            assertThatThrownBy(() -> keyed.searchPage(DatasetQuery.all(), null))
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aDeletedDatasetIsGone() throws IOException {
        var id = publishedCentres();

        publisher.delete(id);

        assertThat(consumer.find(id)).isEmpty();
        assertThat(publisher.find(id)).isEmpty();
    }
}
