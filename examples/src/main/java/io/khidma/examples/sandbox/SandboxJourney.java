package io.khidma.examples.sandbox;

import static io.khidma.examples.Examples.money;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.identity.AuthorizationOptions;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.ProfileMapping;
import io.khidma.examples.Examples;
import io.khidma.examples.webhooks.ReceiveWebhooks;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Year;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The demo journey, run over HTTP against a running sandbox with the public SDK clients, as an
 * agency developer would: a citizen logs in, finds a service in Arabic, pays a basket of two
 * agencies' fees on the hosted page with a test card, gets the bilingual receipt, and the agency's
 * webhook endpoint receives the verified {@code payment.captured} event; then the agency publishes
 * a new version of a dataset, and a third party finds it in Arabic, queries it and downloads it
 * with the row count matching. Each step prints what it
 * did, in Arabic and English; {@link #run()} says whether every step succeeded.
 */
public final class SandboxJourney {

    /** A step that did not do what it should. */
    static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    static final URI PORTAL_CALLBACK = URI.create("http://127.0.0.1:3000/callback");

    private final URI sandbox;
    private final PrintStream out;
    private final SandboxBrowser browser = new SandboxBrowser();
    private int step;

    public SandboxJourney(URI sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
    }

    /** Runs every step; true when all succeeded. Stops at the first failure, saying which and why. */
    public boolean run() {
        out.println();
        out.println("Demo journey  |  رحلة تجريبية");
        try (var receiver = ReceiveWebhooks.listen(0, delivery -> {});
                var agencyTokens = Examples.agencyTokens(sandbox, "rta-portal");
                var oidc = OidcClient.builder()
                        .issuer(sandbox.resolve("/identity"))
                        .clientAuthentication(
                                ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                        .redirectUri(PORTAL_CALLBACK)
                        .profileMapping(ProfileMapping.uaePass())
                        .build();
                var catalogue = CatalogueClient.builder().endpoint(sandbox).build();
                var asAgency = PaymentsClient.builder()
                        .endpoint(sandbox)
                        .credentials(agencyTokens)
                        .build();
                var agencyWebhooks = WebhooksClient.builder()
                        .endpoint(sandbox)
                        .credentials(agencyTokens)
                        .build()) {

            var login = oidc.authorizationRequest(AuthorizationOptions.defaults()
                    .withLoginHint("citizen-fatima")
                    .withUiLocales("ar", "en"));
            var tokens = oidc.completeLogin(browser.redirectOf(login.uri()), login);
            var citizen = oidc.userInfo(tokens);
            done(
                    "سجّلت المواطنة الدخول عبر مزوّد الهوية التجريبي",
                    "A citizen logged in through the sandbox identity provider (OpenID Connect, PKCE)",
                    citizen.name().ar() + " / " + citizen.name().en() + ", " + citizen.levelOfAssurance());

            var query = "تجديد ترخيص المركبه";
            var renewal = first(catalogue.search(ServiceSearch.text(query)), "RTA-VEH-RENEW", query);
            var permit = first(catalogue.search(ServiceSearch.text("تصريح عمل")), "MOHRE-WP-ISSUE", "تصريح عمل");
            done(
                    "بحثت في دليل الخدمات بالعربية (بتهجئة مختلفة) ووجدت الخدمة",
                    "Searched the catalogue in Arabic with a spelling variant and found the service",
                    "\"" + query + "\" → " + renewal.title().ar() + " / "
                            + renewal.title().en());

            var endpoint =
                    agencyWebhooks.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            receiver.verifyWith(WebhookVerifier.of(WebhookSecret.parse(endpoint.secret())));
            done(
                    "سجّلت هيئة الطرق والمواصلات عنوان إشعارات لاستلام الدفعات",
                    "The roads authority registered a webhook endpoint for captured payments",
                    endpoint.url().toString());

            try (var asCitizen = PaymentsClient.builder()
                    .endpoint(sandbox)
                    .credentials(tokens::accessToken)
                    .build()) {
                var payment = asCitizen.create(NewPayment.of(
                                "DEMO-"
                                        + Long.toString(System.currentTimeMillis(), 36)
                                                .toUpperCase(Locale.ROOT),
                                URI.create("http://127.0.0.1:3000/paid"),
                                LineItemRequest.of(renewal.id(), "RENEW"),
                                LineItemRequest.of(renewal.id(), "KNOWLEDGE"),
                                LineItemRequest.of(permit.id(), "ISSUE"))
                        .withDescription("Vehicle renewal and work permit"));
                done(
                        "أنشأت سلة رسوم من جهتين: "
                                + payment.lineItems().stream()
                                        .map(item -> item.agencyName().ar())
                                        .distinct()
                                        .collect(Collectors.joining(" و")),
                        "Created one payment for a basket of fees from two agencies",
                        money(payment.amount()) + ", " + payment.lineItems().size() + " line items");

                var redirect = browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
                var paid = asCitizen.get(payment.id());
                if (paid.status() != PaymentStatus.CAPTURED) {
                    throw new StepFailed("the payment is " + paid.status() + ", not CAPTURED");
                }
                done(
                        "دفعت المواطنة في صفحة الدفع ببطاقة تجريبية",
                        "The citizen paid on the hosted payment page with a test card",
                        "4242 4242 4242 4242 → " + paid.status() + ", back to " + redirect);

                var receipt = asCitizen.receipt(payment.id());
                var perAgency = receipt.agencies().stream()
                        .map(a -> a.agencyName().ar() + " " + money(a.subtotal()))
                        .collect(Collectors.joining("، "));
                done(
                        "استلمت المواطنة إيصالاً ثنائي اللغة رقم " + receipt.receiptNumber(),
                        "The citizen got the bilingual receipt " + receipt.receiptNumber(),
                        perAgency);

                var delivery = receiver.await(WebhookEventType.PAYMENT_CAPTURED, payment.id(), Duration.ofSeconds(20));
                done(
                        "استلمت الهيئة إشعار الدفع وتحققت من توقيعه",
                        "The agency's endpoint received payment.captured and verified its signature",
                        "webhook-id " + delivery.webhookId());
            }
            openData(agencyTokens);
            out.println("All steps succeeded  |  نجحت جميع الخطوات");
            return true;
        } catch (RuntimeException e) {
            out.println("  ✗ step " + (step + 1) + " failed  |  فشلت الخطوة: " + e.getMessage());
            return false;
        }
    }

    /**
     * Open data: the roads authority publishes a new version of its kiosks dataset, then a third
     * party, anonymously, finds it by an Arabic search, queries rows and downloads it, and the
     * downloaded rows are as many as the version holds.
     */
    private void openData(ClientCredentialsTokenProvider agencyTokens) {
        try (var publisher = OpenDataClient.builder()
                        .endpoint(sandbox)
                        .credentials(agencyTokens)
                        .build();
                var consumer = OpenDataClient.builder().endpoint(sandbox).build()) {
            var kiosks = publisher.search(DatasetQuery.all().publisher("rta")).stream()
                    .filter(dataset -> dataset.title().en().startsWith("Self-service kiosks"))
                    .findFirst()
                    .orElseThrow(() -> new StepFailed("the roads authority has no kiosks dataset"));
            var next = withNewKiosk(publisher, kiosks.id());
            DatasetVersion version;
            try {
                version = publisher.upload(kiosks.id(), next);
            } finally {
                deleteQuietly(next);
            }
            done(
                    "نشرت هيئة الطرق والمواصلات إصداراً جديداً من بيانات أجهزة الخدمة الذاتية",
                    "The roads authority published a new version of its kiosks dataset",
                    "version " + version.number() + ", " + version.rowCount() + " rows, validated against its schema");

            var query = "أجهزة الخدمة الذاتية";
            var found = consumer.search(DatasetQuery.text(query)).stream()
                    .filter(dataset -> dataset.id().equals(kiosks.id()))
                    .findFirst()
                    .orElseThrow(() -> new StepFailed("searching open data for \"" + query + "\" did not find it"));
            var dubai = consumer
                    .rows(found.id(), RowQuery.all().eq("emirate", "Dubai").sort("-kiosks"))
                    .stream()
                    .toList();
            done(
                    "بحث طرف ثالث في البيانات المفتوحة بالعربية واستعلم عن مواقع دبي",
                    "A third party searched open data in Arabic and queried the Dubai locations",
                    "\"" + query + "\" → " + found.title().en() + "; " + dubai.size() + " in Dubai, most kiosks at "
                            + dubai.get(0).get("location_ar"));

            Path file = null;
            try {
                file = Files.createTempFile("khidma-kiosks", ".csv");
                var download = consumer.download(found.id(), DownloadFormat.CSV, file, ProgressListener.NONE);
                long rows;
                try (var lines = Files.lines(file)) {
                    rows = lines.count() - 1;
                }
                if (rows != version.rowCount()) {
                    throw new StepFailed(
                            "downloaded " + rows + " rows; version " + version.number() + " has " + version.rowCount());
                }
                done(
                        "نزّل الطرف الثالث الإصدار الجديد كملف CSV وتطابق عدد الصفوف",
                        "The third party downloaded the new version as CSV and the row count matches",
                        rows + " rows, " + download.bytes() + " bytes, ETag " + download.etag());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(file);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file; the system cleans its folder.
            }
        }
    }

    /** The kiosks dataset as CSV, with one more location: a kiosk installed this year. */
    private static Path withNewKiosk(OpenDataClient data, UUID id) {
        try {
            var file = Files.createTempFile("khidma-kiosks-next", ".csv");
            data.download(id, DownloadFormat.CSV, file, ProgressListener.NONE);
            var last = data.rows(id, RowQuery.all().sort("-id").fields("id").pageSize(1)).stream()
                    .findFirst()
                    .map(row -> ((Number) row.get("id")).longValue())
                    .orElse(0L);
            Files.writeString(
                    file,
                    (last + 1) + ",Dubai,دبي فستيفال سيتي,Dubai Festival City,4,40,false," + Year.now() + "\r\n",
                    StandardOpenOption.APPEND);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void done(String arabic, String english, String detail) {
        step++;
        out.printf("  %d. ✓ %s%n       %s%n       %s%n", step, english, arabic, detail);
    }

    private static PublicService first(Iterable<PublicService> found, String code, String query) {
        for (var service : found) {
            if (service.code().equals(code)) {
                return service;
            }
        }
        throw new StepFailed("searching \"" + query + "\" did not find " + code);
    }
}
