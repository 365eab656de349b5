package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.ContractRecorder;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.server.WebhookKeys;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.events.server.WebhooksFeature;
import io.khidma.core.http.Transport;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestCitizen;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.testing.TestDatabases;
import io.khidma.core.text.Text;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.provider.PaymentProvider;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The payments server kit for real: an embedded PostgreSQL, the catalogue seeded with three
 * agencies' fees, the sandbox identity provider, bearer tokens, idempotency keys, the sandbox
 * payment provider, and a recorder that checks every payments response against the contract.
 */
final class PaymentsFixture implements AutoCloseable {

    static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
    static final URI RETURN_URL = URI.create("https://portal.rta.example/payments/done");

    static final TestCitizen FATIMA = SandboxIdentity.FATIMA;
    static final TestCitizen OMAR = SandboxIdentity.OMAR;

    final Database database;
    final CatalogueFeature catalogue;
    final PaymentsFeature payments;
    final WebhooksFeature webhooks;
    final ContractRecorder contract = new ContractRecorder("/payments", "/reports", "/pay/");
    final ContractRecorder eventsContract = new ContractRecorder("/webhooks");
    final SandboxIdentityProvider identity;
    final KhidmaServer server;
    final Transport transport = Transport.create();
    final UUID vehicleRenewal;
    final UUID workPermit;
    final UUID governmentFees;
    final ClientCredentialsTokenProvider rta;
    final ClientCredentialsTokenProvider mohre;
    final ClientCredentialsTokenProvider dof;
    final ClientCredentialsTokenProvider rtaCatalogueOnly;

    PaymentsFixture() {
        this(new SandboxProvider(), PaymentsOptions.defaults(), Clock.systemUTC());
    }

    PaymentsFixture(PaymentProvider provider, PaymentsOptions options, Clock clock) {
        this(TestDatabases.fresh(), provider, options, WebhookOptions.defaults(), clock);
    }

    PaymentsFixture(PaymentProvider provider, PaymentsOptions options, WebhookOptions webhookOptions, Clock clock) {
        this(TestDatabases.fresh(), provider, options, webhookOptions, clock);
    }

    PaymentsFixture(
            Database database,
            PaymentProvider provider,
            PaymentsOptions options,
            WebhookOptions webhookOptions,
            Clock clock) {
        this.database = database.migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency");
        catalogue = new CatalogueFeature(database);
        var agencies = catalogue.service();
        agencies.saveAgency(new Agency(
                "rta", Text.of("هيئة الطرق والمواصلات", "Roads and Transport Authority"), Agency.Level.LOCAL, "Dubai"));
        agencies.saveAgency(new Agency(
                "mohre",
                Text.of("وزارة الموارد البشرية والتوطين", "Ministry of Human Resources and Emiratisation"),
                Agency.Level.FEDERAL,
                null));
        agencies.saveAgency(
                new Agency("dof", Text.of("دائرة المالية", "Department of Finance"), Agency.Level.LOCAL, "Dubai"));
        agencies.importService(service(
                "RTA-VEH-RENEW",
                "rta",
                "تجديد ترخيص المركبة",
                "Vehicle registration renewal",
                new Cost("RENEW", 40_000, "AED", Text.of("رسوم التجديد", "Renewal fee"), null),
                new Cost("KNOWLEDGE", 2_000, "AED", Text.of("رسوم المعرفة", "Knowledge fee"), null)));
        agencies.importService(service(
                "MOHRE-WP-ISSUE",
                "mohre",
                "إصدار تصريح عمل",
                "Issue a work permit",
                new Cost("ISSUE", 30_000, "AED", Text.of("رسوم الإصدار", "Issue fee"), null),
                new Cost("TAWSEEL", 5_000, "AED", Text.of("رسوم توصيل", "Home delivery"), ChannelType.SERVICE_CENTRE)));
        agencies.importService(service(
                "DOF-GOV-FEES",
                "dof",
                "رسوم حكومية",
                "Government fees",
                new Cost("SERVICE", 1_000, "AED", Text.of("رسوم خدمة", "Service fee"), null)));
        vehicleRenewal = idOf("RTA-VEH-RENEW");
        workPermit = idOf("MOHRE-WP-ISSUE");
        governmentFees = idOf("DOF-GOV-FEES");

        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var issuer = URI.create("http://127.0.0.1:" + port + "/identity");
        identity = SandboxIdentityProvider.builder()
                .issuer(issuer)
                .citizen(FATIMA)
                .citizen(OMAR)
                .client(TestClient.withSecret("rta-portal", "portal-secret", "rta", Set.of(CALLBACK), Set.of()))
                .client(TestClient.withSecret("rta-payments", "rta-secret", "rta", Set.of(), Set.of("payments:write")))
                .client(TestClient.withSecret(
                        "mohre-payments", "mohre-secret", "mohre", Set.of(), Set.of("payments:write")))
                .client(TestClient.withSecret("dof-reports", "dof-secret", "dof", Set.of(), Set.of("payments:read")))
                .client(TestClient.withSecret(
                        "rta-catalogue", "cat-secret", "rta", Set.of(), Set.of("catalogue:write")))
                .build();
        if (webhookOptions.secretKeys() == null) {
            webhookOptions = webhookOptions.withSecretKeys(WebhookKeys.generate());
        }
        webhooks = new WebhooksFeature(database, webhookOptions, clock);
        payments = new PaymentsFeature(database, FeeSchedule.catalogue(catalogue.service()), provider, options, clock);
        server = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new IdempotencyFeature(database))
                .register(catalogue)
                .register(payments)
                .register(webhooks)
                .register(contract)
                .register(eventsContract)
                .openApi("payments")
                .openApi("events")
                .start();
        rta = tokensOf("rta-payments", "rta-secret");
        mohre = tokensOf("mohre-payments", "mohre-secret");
        dof = tokensOf("dof-reports", "dof-secret");
        rtaCatalogueOnly = tokensOf("rta-catalogue", "cat-secret");
    }

    private static PublicService service(String code, String agency, String ar, String en, Cost... costs) {
        return new PublicService(
                null,
                code,
                Text.of(ar, en),
                Text.of(ar, en),
                agency,
                List.of(),
                List.of(),
                null,
                List.of(Channel.of(ChannelType.WEB)),
                List.of(costs),
                List.of(),
                List.of(),
                List.of(),
                null,
                true,
                null,
                null,
                null,
                null);
    }

    private UUID idOf(String code) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM catalogue_service WHERE code = :code")
                .bind("code", code)
                .mapTo(UUID.class)
                .one());
    }

    ClientCredentialsTokenProvider tokensOf(String clientId, String secret) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic(clientId, secret))
                .transport(transport)
                .build();
    }

    /** A citizen's access token, from a real login through the sandbox identity provider. */
    TokenProvider citizen(TestCitizen citizen) {
        return SandboxIdentity.citizenLogin(
                identity,
                ClientAuthentication.secretBasic("rta-portal", "portal-secret"),
                CALLBACK,
                transport,
                citizen);
    }

    PaymentsClient client(TokenProvider credentials) {
        return PaymentsClient.builder()
                .endpoint(server.uri())
                .credentials(credentials)
                .transport(transport)
                .build();
    }

    WebhooksClient webhooks(TokenProvider credentials) {
        return WebhooksClient.builder()
                .endpoint(server.uri())
                .credentials(credentials)
                .transport(transport)
                .build();
    }

    /** RTA's vehicle renewal (400.00 + 20.00) and MOHRE's work permit (300.00): 720.00 AED over two agencies. */
    NewPayment basket(String reference) {
        return NewPayment.of(
                reference,
                RETURN_URL,
                LineItemRequest.of(vehicleRenewal, "RENEW"),
                LineItemRequest.of(vehicleRenewal, "KNOWLEDGE"),
                LineItemRequest.of(workPermit, "ISSUE"));
    }

    /** Creates the two-agency basket as RTA's client and pays it on the hosted page with {@code card}. */
    Payment paid(String reference, String card) {
        try (var asRta = client(rta)) {
            var payment = asRta.create(basket(reference));
            new HostedPageBrowser().pay(payment.nextUrl(), card);
            return asRta.get(payment.id());
        }
    }

    /** The spec the contract recorder checks responses against (copied beside platform.yaml by the build). */
    static Path spec() {
        return Path.of("target/openapi/payments.yaml");
    }

    static Path eventsSpec() {
        return Path.of("target/openapi/events.yaml");
    }

    /** Stops everything, after checking every payments response the tests saw against the contract. */
    @Override
    public void close() {
        try {
            assertThat(contract.violations(spec()))
                    .as("every payments response matches payments.yaml")
                    .isEmpty();
            assertThat(eventsContract.violations(eventsSpec()))
                    .as("every webhooks response matches events.yaml")
                    .isEmpty();
        } finally {
            transport.close();
            server.close();
            database.close();
        }
    }
}
