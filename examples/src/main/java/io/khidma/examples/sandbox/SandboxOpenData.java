package io.khidma.examples.sandbox;

import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.json.KhidmaJson;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.PeriodOfTime;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The sandbox's open data, published over HTTP with {@link OpenDataClient} as each agency would:
 * a few small bilingual datasets read from {@code opendata.json} and the CSV files in {@code
 * opendata/} beside this class, and one large generated dataset for trying paging and downloads.
 * All of it is clearly synthetic. Publishing is idempotent: a dataset already there (found by its
 * English title among the agency's own) is completed, not duplicated.
 */
public record SandboxOpenData(List<Seed> datasets) {

    /** Rows in the large generated dataset. */
    static final long LARGE_ROWS = 1_000_000;

    /** A dataset to publish: whose, its metadata, and the CSV file with its data. */
    record Seed(String agency, String file, NewDataset metadata) {}

    public static SandboxOpenData load() {
        try (var in = SandboxOpenData.class.getResourceAsStream("opendata.json")) {
            return KhidmaJson.mapper().readValue(in, SandboxOpenData.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox open data", e);
        }
    }

    /** The generated transactions log, {@code rows} long. */
    static Seed large(long rows) {
        return new Seed(
                "mohre",
                null,
                NewDataset.builder()
                        .title(
                                "سجل معاملات الخدمات (بيانات تجريبية، " + rows + " صف)",
                                "Service transactions log (synthetic, " + rows + " rows)")
                        .description(
                                "سجل مصطنع لمعاملات الخدمات الحكومية: التاريخ والإمارة والقناة ورمز الخدمة والمدة"
                                        + " والرسوم ورضا المتعامل. لتجربة التصفح والتنزيل على بيانات كبيرة.",
                                "A made-up log of government service transactions: date, emirate, channel, service"
                                        + " code, duration, fee and whether the customer was satisfied. For trying"
                                        + " paging and downloads on a large dataset.")
                        .themes("GOVE")
                        .keywords("transactions", "channels", "المعاملات", "synthetic")
                        .licence(URI.create("https://creativecommons.org/licenses/by/4.0/"))
                        .contactPoint("Open data team / فريق البيانات المفتوحة", "opendata@mohre.example.ae")
                        .temporal(new PeriodOfTime(LocalDate.of(2022, 1, 1), LocalDate.of(2024, 12, 31)))
                        .spatial("United Arab Emirates")
                        .updateFrequency(UpdateFrequency.DAILY)
                        .tableSchema(SyntheticTransactions.schema())
                        .build());
    }

    /** Publishes every small dataset that is not published yet. */
    public void publish(URI sandbox, SandboxIdentities identities) {
        publish(sandbox, sandbox.resolve("/identity/token"), identities);
    }

    /** Publishes every small dataset that is not published yet, on a server whose identity provider is elsewhere. */
    public void publish(URI server, URI tokenEndpoint, SandboxIdentities identities) {
        for (var seed : datasets) {
            publish(server, tokenEndpoint, identities, seed, () -> {
                var in = SandboxOpenData.class.getResourceAsStream("opendata/" + seed.file());
                return Objects.requireNonNull(in, "no opendata/" + seed.file());
            });
        }
    }

    /** Publishes the large generated dataset unless it is there already. Takes a while: run it in the background. */
    static Dataset publishLarge(URI sandbox, SandboxIdentities identities, long rows) {
        return publish(
                sandbox,
                sandbox.resolve("/identity/token"),
                identities,
                large(rows),
                () -> new SyntheticTransactions(rows));
    }

    private static Dataset publish(
            URI server, URI tokenEndpoint, SandboxIdentities identities, Seed seed, Supplier<InputStream> data) {
        var client = identities.publisherOf(seed.agency());
        try (var tokens = ClientCredentialsTokenProvider.builder()
                        .tokenEndpoint(tokenEndpoint)
                        .clientAuthentication(ClientAuthentication.secretBasic(client.clientId(), client.secret()))
                        .build();
                var publisher = OpenDataClient.builder()
                        .endpoint(server)
                        .credentials(tokens)
                        .build()) {
            var title = seed.metadata().title().en();
            var dataset = publisher.search(DatasetQuery.all().publisher(seed.agency())).stream()
                    .filter(existing -> existing.title().en().equals(title))
                    .findFirst()
                    .orElseGet(() -> publisher.create(seed.metadata()).value());
            if (dataset.latestVersion() == null) {
                try (var in = data.get()) {
                    publisher.upload(dataset.id(), in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return dataset.status() == DatasetStatus.PUBLISHED
                    ? publisher.get(dataset.id())
                    : publisher.publish(dataset.id());
        }
    }
}
