package io.khidma.examples.sandbox;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.TransactionKpi;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.model.Constraints;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.model.UpdateFrequency;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * "Service transactions by channel" as open data that refreshes itself: the platform's
 * transaction KPIs (computed from real service requests, not seeded numbers) read from the
 * catalogue's {@code /kpis/transactions}, month by month and channel by channel over the last
 * twelve months, published as a new version of the dataset by the digital-government regulator,
 * over HTTP with the public SDK clients as any publisher would.
 */
final class LiveTransactionsDataset {

    static final String TITLE_EN = "Service transactions by channel (live)";
    static final String PUBLISHER = "tdra";

    private final URI server;
    private final SandboxIdentities identities;

    LiveTransactionsDataset(URI server, SandboxIdentities identities) {
        this.server = server;
        this.identities = identities;
    }

    /** Publishes the figures as they are now as the dataset's newest version; returns the dataset. */
    Dataset refresh() {
        var csv = csv(kpis());
        var client = identities.publisherOf(PUBLISHER);
        try (var tokens = ClientCredentialsTokenProvider.builder()
                        .tokenEndpoint(server.resolve("/identity/token"))
                        .clientAuthentication(ClientAuthentication.secretBasic(client.clientId(), client.secret()))
                        .build();
                var publisher = OpenDataClient.builder()
                        .endpoint(server)
                        .credentials(tokens)
                        .build()) {
            var dataset = publisher.search(DatasetQuery.all().publisher(PUBLISHER)).stream()
                    .filter(existing -> existing.title().en().equals(TITLE_EN))
                    .findFirst()
                    .orElseGet(() -> publisher.create(metadata()).value());
            publisher.upload(dataset.id(), new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
            return dataset.status() == DatasetStatus.PUBLISHED
                    ? publisher.get(dataset.id())
                    : publisher.publish(dataset.id());
        }
    }

    private List<TransactionKpi> kpis() {
        var thisMonth = LocalDate.now(ZoneId.of("Asia/Dubai")).withDayOfMonth(1);
        var end = thisMonth.plusMonths(1);
        var start = thisMonth.minusMonths(11);
        try (var catalogue = CatalogueClient.builder().endpoint(server).build()) {
            return catalogue
                    .transactionKpis(KpiQuery.monthly(start, end).by(KpiDimension.CHANNEL))
                    .items();
        }
    }

    static String csv(List<TransactionKpi> kpis) {
        var csv = new StringBuilder("month,channel,digital,transactions,completed,sla_compliance,average_rating\n");
        for (var kpi : kpis) {
            csv.append(kpi.periodStart())
                    .append(',')
                    .append(kpi.channel().name().toLowerCase(Locale.ROOT))
                    .append(',')
                    .append(digital(kpi.channel()))
                    .append(',')
                    .append(kpi.transactions())
                    .append(',')
                    .append(kpi.completed())
                    .append(',')
                    .append(kpi.slaCompliance() == null ? "" : String.format(Locale.ROOT, "%.4f", kpi.slaCompliance()))
                    .append(',')
                    .append(kpi.averageRating() == null ? "" : String.format(Locale.ROOT, "%.2f", kpi.averageRating()))
                    .append('\n');
        }
        return csv.toString();
    }

    private static boolean digital(ChannelType channel) {
        return channel == ChannelType.WEB || channel == ChannelType.MOBILE_APP || channel == ChannelType.KIOSK;
    }

    private static NewDataset metadata() {
        return NewDataset.builder()
                .title("المعاملات حسب القناة (بيانات حية)", TITLE_EN)
                .description(
                        "عدد طلبات الخدمات الحكومية المقدمة شهرياً عبر كل قناة (الموقع والتطبيق والأكشاك ومراكز الخدمة"
                                + " ومركز الاتصال والتوصيل)، والمنجز منها ونسبة الالتزام بمستوى الخدمة ومتوسط التقييم."
                                + " تُحسب من معاملات المنصة الفعلية وتُحدَّث تلقائياً.",
                        "Government service requests submitted each month through each channel (web, app, kiosks,"
                                + " service centres, call centre, home delivery), how many were completed, the share"
                                + " within their service level and the average rating. Computed from the platform's"
                                + " own transactions and refreshed automatically.")
                .themes("GOVE")
                .keywords("transactions", "channels", "KPI", "المعاملات", "القنوات", "مؤشرات الأداء")
                .licence(URI.create("https://creativecommons.org/licenses/by/4.0/"))
                .contactPoint("Open data team / فريق البيانات المفتوحة", "opendata@tdra.example.ae")
                .spatial("United Arab Emirates")
                .updateFrequency(UpdateFrequency.DAILY)
                .tableSchema(schema())
                .build();
    }

    private static TableSchema schema() {
        var required = new Constraints(true, null, null, null, null, null, null, null);
        return new TableSchema(
                List.of(
                        field("month", FieldType.DATE, "Month / الشهر")
                                .with(required)
                                .indexed(),
                        field("channel", FieldType.STRING, "Channel / القناة")
                                .with(required)
                                .indexed(),
                        field("digital", FieldType.BOOLEAN, "Digital channel / قناة رقمية")
                                .with(required),
                        field("transactions", FieldType.INTEGER, "Requests submitted / الطلبات المقدمة")
                                .with(required),
                        field("completed", FieldType.INTEGER, "Requests completed / الطلبات المنجزة")
                                .with(required),
                        field("sla_compliance", FieldType.NUMBER, "Within the service level / ضمن مستوى الخدمة"),
                        field("average_rating", FieldType.NUMBER, "Average rating / متوسط التقييم")),
                List.of("month", "channel"),
                null);
    }

    private static Field field(String name, FieldType type, String title) {
        return new Field(name, type, title, null, null, null);
    }
}
