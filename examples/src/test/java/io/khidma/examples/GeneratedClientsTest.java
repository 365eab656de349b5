package io.khidma.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.examples.sandbox.Sandbox;
import io.khidma.generated.catalogue.model.PublicService;
import io.khidma.generated.opendata.model.Dataset;
import io.khidma.generated.payments.model.LineItemRequest;
import io.khidma.generated.payments.model.NewPayment;
import io.khidma.generated.payments.model.PaymentStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integrator's view: the sandbox driven only through the Java clients openapi-generator made
 * from Khidma's published contracts during this build (generator {@code java}, library {@code
 * native}), with nothing of the Khidma SDK on the calling side.
 */
class GeneratedClientsTest {

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

    private String base() {
        var uri = sandbox.uri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private String agencyToken(String scope) throws Exception {
        return agencyToken("rta-portal", scope);
    }

    /**
     * An agency's token from the identity provider's token endpoint, client credentials sent as
     * most OAuth libraries send them by default: {@code client_secret_post}, in the form.
     */
    private String agencyToken(String clientId, String scope) throws Exception {
        var identity = new io.khidma.generated.identity.ApiClient();
        identity.updateBaseUri(base() + "/identity");
        var tokens = new io.khidma.generated.identity.api.IdentityApi(identity)
                .token(
                        "client_credentials",
                        null,
                        null,
                        null,
                        null,
                        scope,
                        clientId,
                        clientId + "-sandbox-secret",
                        null,
                        null);
        return tokens.getAccessToken();
    }

    @Test
    void searchesTheCatalogueInArabic() throws Exception {
        var client = new io.khidma.generated.catalogue.ApiClient();
        client.updateBaseUri(base());
        var services = new io.khidma.generated.catalogue.api.ServicesApi(client);

        var page = services.searchServices("تجديد ترخيص المركبه", null, null, null, null, null, 10, null, "ar");

        assertThat(page.getItems()).extracting(PublicService::getCode).contains("RTA-VEH-RENEW");
        assertThat(page.getItems().get(0).getTitle().getAr()).isNotBlank();
    }

    @Test
    void createsAndReadsAPaymentAsAnAgency() throws Exception {
        var catalogueClient = new io.khidma.generated.catalogue.ApiClient();
        catalogueClient.updateBaseUri(base());
        var renewal = new io.khidma.generated.catalogue.api.ServicesApi(catalogueClient)
                .searchServices(null, "rta", null, null, null, null, 50, null, null).getItems().stream()
                        .filter(service -> service.getCode().equals("RTA-VEH-RENEW"))
                        .findFirst()
                        .orElseThrow();
        var token = agencyToken("payments:write payments:read");
        var client = new io.khidma.generated.payments.ApiClient();
        client.updateBaseUri(base());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        var payments = new io.khidma.generated.payments.api.PaymentsApi(client);

        var created = payments.createPayment(
                new NewPayment()
                        .reference("GEN-" + UUID.randomUUID().toString().substring(0, 8))
                        .returnUrl(URI.create("http://127.0.0.1:3000/paid"))
                        .lineItems(List.of(
                                new LineItemRequest().serviceId(renewal.getId()).feeCode("RENEW"))),
                UUID.randomUUID().toString());
        var read = payments.getPayment(created.getId());

        assertThat(created.getStatus()).isEqualTo(PaymentStatus.CREATED);
        assertThat(read.getId()).isEqualTo(created.getId());
        assertThat(read.getAmount()).isEqualTo(40_000L);
        assertThat(read.getNextUrl()).isNotNull();
    }

    @Test
    void aProblemReachesTheGeneratedClientAsAnApiExceptionWithItsStatus() {
        var client = new io.khidma.generated.payments.ApiClient();
        client.updateBaseUri(base());
        var payments = new io.khidma.generated.payments.api.PaymentsApi(client);

        assertThatThrownBy(() -> payments.getPayment(UUID.randomUUID()))
                .isInstanceOfSatisfying(io.khidma.generated.payments.ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"status\"");
                });
    }

    @Test
    void queriesTheRowsOfAnOpenDataset() throws Exception {
        var client = new io.khidma.generated.opendata.ApiClient();
        client.updateBaseUri(base());
        var datasets = new io.khidma.generated.opendata.api.DatasetsApi(client);
        var rows = new io.khidma.generated.opendata.api.RowsApi(client);

        Dataset kiosks = datasets.listDatasets("kiosks", "rta", null, null, null, null, 10, null)
                .getItems()
                .get(0);
        var page =
                rows.queryRows(kiosks.getId(), null, List.of("emirate:eq:Dubai"), null, "-kiosks", null, 5, null, true);

        assertThat(page.getItems()).isNotEmpty().allSatisfy(row -> assertThat(row)
                .containsEntry("emirate", "Dubai"));
        assertThat(page.getTotal()).isGreaterThanOrEqualTo(page.getItems().size());
        assertThat(page.getVersion()).isEqualTo(kiosks.getLatestVersion());
    }

    @Test
    void aOneStopCentreAppliesForACitizenAndWorksTheRequestFromTheInbox() throws Exception {
        var catalogueClient = new io.khidma.generated.catalogue.ApiClient();
        catalogueClient.updateBaseUri(base());
        var contract = new io.khidma.generated.catalogue.api.ServicesApi(catalogueClient)
                .searchServices(null, "mohre", null, null, null, null, 50, null, null).getItems().stream()
                        .filter(service -> service.getCode().equals("MOHRE-LABOUR-CONTRACT"))
                        .findFirst()
                        .orElseThrow();
        var token = agencyToken("tasheel-centre", "requests:submit requests:process:mohre");
        var client = new io.khidma.generated.requests.ApiClient();
        client.updateBaseUri(base());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));

        var submitted = new io.khidma.generated.requests.api.RequestsApi(client)
                .submitRequest(
                        new io.khidma.generated.requests.model.NewServiceRequest()
                                .serviceId(contract.getId())
                                .citizen("resident-priya")
                                .channel(io.khidma.generated.requests.model.ChannelType.SERVICE_CENTRE)
                                .putDataItem("worker_name", "Priya Menon")
                                .putDataItem("job_title", "Accountant")
                                .putDataItem("salary", 9000)
                                .putDataItem("permit_number", "WP-2026-1"),
                        UUID.randomUUID().toString(),
                        "en");
        var inbox = new io.khidma.generated.requests.api.InboxApi(client);
        var page = inbox.listInbox("mohre", null, null, null, null, null, 100, null);
        var reviewed = inbox.transitionRequest(
                submitted.getNumber(),
                new io.khidma.generated.requests.model.Transition()
                        .status(io.khidma.generated.requests.model.RequestStatus.IN_REVIEW),
                UUID.randomUUID().toString());

        assertThat(submitted.getNumber()).startsWith("MOHRE-");
        assertThat(page.getItems())
                .extracting(io.khidma.generated.requests.model.ServiceRequest::getNumber)
                .contains(submitted.getNumber());
        assertThat(reviewed.getStatus()).isEqualTo(io.khidma.generated.requests.model.RequestStatus.IN_REVIEW);
    }
}
