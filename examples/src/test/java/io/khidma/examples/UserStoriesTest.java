package io.khidma.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.examples.agencies.CallAnotherAgency;
import io.khidma.examples.catalogue.PublishService;
import io.khidma.examples.login.CitizenLoginApp;
import io.khidma.examples.opendata.ConsumeOpenData;
import io.khidma.examples.opendata.PublishDataset;
import io.khidma.examples.payments.TakeAPayment;
import io.khidma.examples.requests.ApplyForABusiness;
import io.khidma.examples.requests.ReceiveRequestEvents;
import io.khidma.examples.requests.WorkTheInbox;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxBrowser;
import io.khidma.examples.webhooks.ReceiveWebhooks;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.RequestWebhookEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each user story's example, run against a started sandbox over HTTP. */
class UserStoriesTest {

    @TempDir
    static Path data;

    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(data);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private final SandboxBrowser browser = new SandboxBrowser();

    @Test
    void aCitizenLogsInToAnAgencysWebApplication() {
        try (var app = CitizenLoginApp.start(sandbox.uri(), 0)) {
            var chooser = browser.open(app.uri().resolve("/login"));
            assertThat(chooser.uri().getPath()).isEqualTo("/identity/authorize");

            var home = browser.open(browser.citizenLink(chooser, "citizen-omar"));

            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.uri()).isEqualTo(app.uri());
            assertThat(home.body()).contains("عمر خالد الشامسي", "Omar Khalid Al Shamsi", "LOW");

            var loggedOut = browser.open(app.uri().resolve("/logout"));
            assertThat(loggedOut.body()).contains("Log in").doesNotContain("Omar");
        }
    }

    @Test
    void aCallbackWithoutALoginInProgressIsRefused() {
        try (var app = CitizenLoginApp.start(sandbox.uri(), 0)) {
            var forged = browser.open(app.uri().resolve("/callback?code=stolen&state=guess"));

            assertThat(forged.statusCode()).isEqualTo(400);
            assertThat(forged.body()).contains("No login in progress");
        }
    }

    @Test
    void anAgencyTakesAPaymentAndARetriedCreateMakesNoSecondPayment() throws Exception {
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "rta-portal");
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build();
                var payments = PaymentsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build()) {
            var order = "ORDER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            var payment = TakeAPayment.create(catalogue, payments, order);
            var retried = TakeAPayment.create(catalogue, payments, order);
            assertThat(retried.id()).isEqualTo(payment.id());
            assertThat(payment.amount()).isEqualTo(42_000);

            browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
            var outcome = TakeAPayment.awaitOutcome(payments, payment.id(), Duration.ofSeconds(30));

            assertThat(outcome.status()).isEqualTo(PaymentStatus.CAPTURED);
            var receipt = payments.receipt(payment.id());
            assertThat(receipt.total()).isEqualTo(42_000);
            assertThat(receipt.agencies())
                    .singleElement()
                    .satisfies(agency -> assertThat(agency.agencyName().ar()).isEqualTo("هيئة الطرق والمواصلات"));
        }
    }

    @Test
    void anAgencyReceivesOnlyDeliveriesKhidmaSigned() throws Exception {
        var received = new CopyOnWriteArrayList<ReceiveWebhooks.Delivery>();
        try (var receiver = ReceiveWebhooks.listen(0, received::add);
                var tokens = Examples.agencyTokens(sandbox.uri(), "rta-portal");
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build();
                var payments = PaymentsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build();
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build()) {
            var endpoint = webhooks.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            receiver.verifyWith(WebhookVerifier.of(WebhookSecret.parse(endpoint.secret())));
            try {
                var forged = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(receiver.uri())
                                        .header("webhook-id", "msg_forged")
                                        .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                                        .header("webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"payment.captured\"}"))
                                        .build(),
                                BodyHandlers.discarding());
                assertThat(forged.statusCode()).isEqualTo(400);

                Payment payment = TakeAPayment.create(catalogue, payments, "WEBHOOK-" + System.nanoTime());
                browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
                var delivery = receiver.await(WebhookEventType.PAYMENT_CAPTURED, payment.id(), Duration.ofSeconds(30));

                assertThat(delivery.event().data().payment().status()).isEqualTo(PaymentStatus.CAPTURED);
                assertThat(received)
                        .extracting(ReceiveWebhooks.Delivery::webhookId)
                        .containsExactly(delivery.webhookId());
            } finally {
                webhooks.delete(endpoint.id());
            }
        }
    }

    @Test
    void anAgencyPublishesAServiceAndRepublishingUpdatesIt() {
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "mohre-tasheel");
                var catalogue = CatalogueClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build()) {
            var first = PublishService.publish(catalogue, PublishService.workPermitRenewal());
            var again = PublishService.publish(catalogue, PublishService.workPermitRenewal());

            assertThat(again.value().id()).isEqualTo(first.value().id());
            var found = catalogue.search(ServiceSearch.text("تجديد تصريح العمل")).stream()
                    .map(PublicService::code)
                    .toList();
            assertThat(found).contains("MOHRE-WP-RENEW");
            var fees = catalogue.get(first.value().id()).costs();
            assertThat(fees).singleElement().satisfies(fee -> assertThat(fee.amount())
                    .isEqualTo(25_000));
        }
    }

    @Test
    void anAgencyPublishesADatasetAndItsNextVersion() {
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "rta-portal");
                var publisher = OpenDataClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build();
                var anyone = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            var dataset = PublishDataset.findOrCreate(publisher, "rta", PublishDataset.metroRidership());
            var january = PublishDataset.publishThrough(publisher, dataset, YearMonth.of(2024, 1));
            var again = PublishDataset.findOrCreate(publisher, "rta", PublishDataset.metroRidership());
            var february = PublishDataset.publishThrough(publisher, again, YearMonth.of(2024, 2));

            assertThat(again.id()).isEqualTo(dataset.id());
            assertThat(january.rowCount()).isEqualTo(3);
            assertThat(february.number()).isEqualTo(january.number() + 1);
            assertThat(february.rowCount()).isEqualTo(6);
            var red = anyone.rows(dataset.id(), RowQuery.all().eq("line", "Red").sort("month")).stream()
                    .map(row -> row.get("month"))
                    .toList();
            assertThat(red).containsExactly("2024-01-01", "2024-02-01");
        }
    }

    @Test
    void aThirdPartyFindsQueriesAndDownloadsOpenData(@TempDir Path folder) throws Exception {
        try (var openData = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            var dataset = ConsumeOpenData.findServiceCentres(openData);
            var rows = ConsumeOpenData.bestRatedInDubai(openData, dataset);
            var download = openData.download(
                    dataset.id(), DownloadFormat.CSV, folder.resolve("centres.csv"), ProgressListener.NONE);

            assertThat(dataset.title().en()).startsWith("Service centres");
            assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row)
                    .containsOnlyKeys("name_ar", "name_en", "rating"));
            List<BigDecimal> ratings = rows.stream()
                    .map(row -> new BigDecimal(row.get("rating").toString()))
                    .toList();
            assertThat(ratings).isSortedAccordingTo((a, b) -> b.compareTo(a));
            var latest = openData.versions(dataset.id()).stream()
                    .filter(version -> version.number() == dataset.latestVersion())
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readAllLines(download.file())).hasSize((int) latest.rowCount() + 1);
        }
    }

    @Test
    void anotherAgencysSystemCallsWithClientCredentialsAndSeesItsOwnSettlementOnly() throws Exception {
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "rta-portal");
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build();
                var payments = PaymentsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build()) {
            var payment = TakeAPayment.create(catalogue, payments, "SETTLE-" + System.nanoTime());
            browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
            TakeAPayment.awaitOutcome(payments, payment.id(), Duration.ofSeconds(30));
        }

        var report = CallAnotherAgency.todaysSettlement(sandbox.uri());

        assertThat(report.rows()).isNotEmpty().allSatisfy(row -> assertThat(row.agencyId())
                .isEqualTo("rta"));
        assertThat(report.captured()).isGreaterThanOrEqualTo(42_000);
        try (var readOnly = CallAnotherAgency.roadsAuthorityTokens(sandbox.uri());
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(readOnly)
                        .build()) {
            assertThatThrownBy(() -> webhooks.create(NewWebhookEndpoint.of(
                            URI.create("http://127.0.0.1:9/hook"), WebhookEventType.PAYMENT_CAPTURED)))
                    .as("a token for payments:read only cannot change anything")
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aCitizenAppliesOnceAndTheFirstAgencyDeliversItsStepWhileItsEndpointHearsOfIt() {
        var events = new CopyOnWriteArrayList<RequestWebhookEvent>();
        try (var citizen = RequestsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(Examples.citizenTokens(sandbox.uri(), "citizen-omar"))
                        .build();
                var tokens = Examples.agencyTokens(sandbox.uri(), "moec-back-office");
                var agency = RequestsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build();
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build();
                var receiver = ReceiveRequestEvents.listen(0, events::add)) {
            receiver.register(webhooks);
            var application = ApplyForABusiness.apply(citizen, "Omar Maintenance Services");
            assertThat(application.steps()).hasSize(7);
            assertThat(application.consent())
                    .extracting(c -> c.agencyId())
                    .contains("moec", "det", "dcd", "gdrfa", "mohre", "dcci");

            browser.payOnHostedPage(application.payment().nextUrl(), SandboxProvider.SUCCESS_CARD);
            var name = application.steps().get(0).requestNumber();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !citizen.get(name).awaitingPayment());

            var delivered = WorkTheInbox.deliverWaiting(agency, "moec-officer-1");
            assertThat(delivered).extracting(r -> r.number()).contains(name);
            var approval =
                    citizen.journeyApplication(application.number()).steps().get(1);
            assertThat(approval.status()).as("released to the next agency").isEqualTo(RequestStatus.SUBMITTED);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                    .anyMatch(e -> e.data().request().number().equals(name)
                            && e.type() == WebhookEventType.REQUEST_COMPLETED));
        }
    }
}
