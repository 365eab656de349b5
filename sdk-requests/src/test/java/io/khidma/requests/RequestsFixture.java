package io.khidma.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.ContractRecorder;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.FormField;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyStep;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.RequiredDocument;
import io.khidma.core.catalogue.server.CatalogueFeature;
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
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.testing.TestDatabases;
import io.khidma.core.text.Text;
import io.khidma.payments.HostedPageBrowser;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import io.khidma.requests.server.RequestsFeature;
import io.khidma.requests.server.RequestsOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The service requests server kit for real, on an embedded PostgreSQL: the catalogue with forms
 * and a five-agency journey, payments with the sandbox provider, the events kit, the sandbox
 * identity provider with citizens, agencies and a one-stop centre, and a recorder that checks every
 * requests response against the contract. {@link #replica()} starts another server on the same
 * database.
 */
final class RequestsFixture implements AutoCloseable {

    static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");

    /** A PDF's first bytes, enough for the content check. */
    static final byte[] PDF =
            "%PDF-1.7\n% a test document\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final String PLATE_FORM = """
            {"type": "object", "required": ["plate_number", "emirate"], "additionalProperties": false,
             "properties": {
               "plate_number": {"type": "string", "pattern": "^[A-Z]{0,2}[0-9]{1,5}$"},
               "emirate": {"type": "string", "enum": ["Dubai", "Abu Dhabi", "Sharjah"]},
               "years": {"type": "integer", "minimum": 1, "maximum": 3}
             }}""";

    /** MOHRE's home-delivery service (Tawseel): a consultant attests a work contract at home. */
    static final String HOME_SERVICE = "MOHRE-CONTRACT-HOME";

    final Database database;
    final Clock clock;
    final CatalogueFeature catalogue;
    final ContractRecorder contract = new ContractRecorder(
            "/requests",
            "/inbox",
            "/documents",
            "/journey-applications",
            "/visits",
            "/field-resources",
            "/services/" + HOME_SERVICE + "/",
            "/open311/");
    final SandboxIdentityProvider identity;
    final Transport transport = Transport.create();
    final WebhookKeys keys = WebhookKeys.generate();
    final List<KhidmaServer> servers = new ArrayList<>();
    final List<PaymentsFeature> payments = new ArrayList<>();
    final KhidmaServer server;
    final UUID plateRenewal;
    final UUID workPermit;
    final UUID homeService;
    final ClientCredentialsTokenProvider rta;
    final ClientCredentialsTokenProvider mohre;
    final ClientCredentialsTokenProvider oneStop;
    final ClientCredentialsTokenProvider kiosk;

    RequestsFixture() {
        this(Clock.systemUTC());
    }

    RequestsFixture(Clock clock) {
        this.clock = clock;
        this.database = TestDatabases.fresh()
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency")
                .migrate("requests");
        catalogue = new CatalogueFeature(database);
        var service = catalogue.service();
        for (var agency : List.of(
                new Agency(
                        "rta",
                        Text.of("هيئة الطرق والمواصلات", "Roads and Transport Authority"),
                        Agency.Level.LOCAL,
                        "Dubai"),
                new Agency(
                        "mohre",
                        Text.of("وزارة الموارد البشرية والتوطين", "Ministry of Human Resources and Emiratisation"),
                        Agency.Level.FEDERAL,
                        null),
                new Agency(
                        "ded",
                        Text.of("دائرة الاقتصاد والسياحة", "Department of Economy and Tourism"),
                        Agency.Level.LOCAL,
                        "Dubai"),
                new Agency(
                        "gdrfa",
                        Text.of(
                                "الإدارة العامة للإقامة وشؤون الأجانب",
                                "General Directorate of Residency and Foreigners Affairs"),
                        Agency.Level.LOCAL,
                        "Dubai"),
                new Agency("dm", Text.of("بلدية دبي", "Dubai Municipality"), Agency.Level.LOCAL, "Dubai"))) {
            service.saveAgency(agency);
        }
        service.importService(
                PublicService.builder("RTA-PLATE-RENEW", "rta", Text.of("تجديد لوحة المركبة", "Plate renewal"))
                        .fee("RENEW", 40_000, Text.of("رسوم التجديد", "Renewal fee"))
                        .processingTime(Duration.ofDays(2))
                        .form(new ApplicationForm(
                                json(PLATE_FORM),
                                Map.of(
                                        "plate_number", FormField.of("رقم اللوحة", "Plate number"),
                                        "emirate", FormField.of("الإمارة", "Emirate"),
                                        "years", FormField.of("عدد السنوات", "Years")),
                                List.of(RequiredDocument.pdf(
                                        "insurance", Text.of("شهادة التأمين", "Insurance certificate"), true)),
                                List.of("RENEW")))
                        .build());
        service.importService(
                PublicService.builder("MOHRE-WP-NEW", "mohre", Text.of("إصدار تصريح عمل", "Issue a work permit"))
                        .processingTime(Duration.ofDays(5))
                        .form(simpleForm(Map.of(
                                "worker_name", "اسم العامل|Worker's name", "job_title", "المسمى الوظيفي|Job title")))
                        .build());
        // The five agencies of starting a business, as sample services with sample fees.
        service.importService(step(
                "DED-TRADE-NAME",
                "ded",
                "حجز الاسم التجاري",
                "Trade name reservation",
                "NAME",
                62_000,
                Map.of("trade_name", "الاسم التجاري|Trade name", "activity", "النشاط|Activity")));
        service.importService(step(
                "DED-LICENCE",
                "ded",
                "إصدار الرخصة التجارية",
                "Trade licence issue",
                "LICENCE",
                120_000,
                Map.of(
                        "trade_name",
                        "الاسم التجاري|Trade name",
                        "activity",
                        "النشاط|Activity",
                        "office_area",
                        "مساحة المكتب|Office area")));
        service.importService(step(
                "GDRFA-EST-CARD",
                "gdrfa",
                "بطاقة المنشأة",
                "Establishment card",
                "CARD",
                35_000,
                Map.of("licence_number", "رقم الرخصة|Licence number", "owner_name", "اسم المالك|Owner's name")));
        service.importService(step(
                "MOHRE-LABOUR-FILE",
                "mohre",
                "فتح ملف عمل",
                "Labour file",
                null,
                0,
                Map.of(
                        "licence_number",
                        "رقم الرخصة|Licence number",
                        "owner_name",
                        "اسم المالك|Owner's name",
                        "owner_phone",
                        "هاتف المالك|Owner's phone")));
        service.importService(step(
                "DM-SIGNBOARD",
                "dm",
                "تصريح اللوحة الإعلانية",
                "Signboard permit",
                null,
                0,
                Map.of("licence_number", "رقم الرخصة|Licence number", "trade_name", "الاسم التجاري|Trade name")));
        service.importService(PublicService.builder(
                        HOME_SERVICE,
                        "mohre",
                        Text.of("توثيق عقد العمل في المنزل", "Work contract attestation at home"))
                .channel(new Channel(ChannelType.HOME_DELIVERY, null, "80060", null, null, null))
                .processingTime(Duration.ofDays(2))
                .form(simpleForm(Map.of("contract_number", "رقم العقد|Contract number")))
                .build());
        homeService = service.findByCode(HOME_SERVICE).orElseThrow().id();
        // The GeoReport v2 specification's example service, with its example attribute.
        service.importService(PublicService.builder("DMV66", "rta", Text.of("بلاغ عن مركبة", "Report a vehicle"))
                .processingTime(Duration.ofDays(1))
                .form(new ApplicationForm(
                        json("""
                                {"type": "object", "required": ["WHISHETN"], "additionalProperties": false,
                                 "properties": {"WHISHETN": {"type": "string", "enum": ["123", "124"]}}}"""),
                        Map.of("WHISHETN", FormField.of("ما رقم اللوحة؟", "What is the ticket/tag/DL number?")),
                        List.of(),
                        List.of()))
                .build());
        service.importJourney(startBusiness());
        plateRenewal = service.findByCode("RTA-PLATE-RENEW").orElseThrow().id();
        workPermit = service.findByCode("MOHRE-WP-NEW").orElseThrow().id();

        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        identity = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .citizen(SandboxIdentity.FATIMA)
                .citizen(SandboxIdentity.OMAR)
                .client(TestClient.withSecret("portal", "portal-secret", "rta", Set.of(CALLBACK), Set.of()))
                .client(TestClient.withSecret(
                        "rta-back-office", "rta-secret", "rta", Set.of(), Set.of("requests:process", "webhooks:write")))
                .client(TestClient.withSecret(
                        "mohre-back-office",
                        "mohre-secret",
                        "mohre",
                        Set.of(),
                        Set.of("requests:process", "webhooks:write")))
                .client(TestClient.withSecret(
                        "ded-back-office", "ded-secret", "ded", Set.of(), Set.of("requests:process")))
                .client(TestClient.withSecret(
                        "gdrfa-back-office", "gdrfa-secret", "gdrfa", Set.of(), Set.of("requests:process")))
                .client(TestClient.withSecret(
                        "dm-back-office", "dm-secret", "dm", Set.of(), Set.of("requests:process")))
                .client(TestClient.withSecret(
                        "tasheel-centre",
                        "one-stop-secret",
                        "tasheel",
                        Set.of(),
                        Set.of("requests:process:rta", "requests:process:mohre")))
                .client(TestClient.withSecret(
                        "platform-monitor",
                        "monitor-secret",
                        "tec",
                        Set.of(),
                        Set.of("webhooks:write", "webhooks:platform")))
                .client(TestClient.withSecret("rta-kiosk", "kiosk-secret", "rta", Set.of(), Set.of("requests:submit")))
                .client(TestClient.withSecret(
                        "mohre-call-centre", "call-centre-secret", "mohre", Set.of(), Set.of("requests:submit")))
                .build();
        server = start(port, true);
        rta = tokensOf("rta-back-office", "rta-secret");
        mohre = tokensOf("mohre-back-office", "mohre-secret");
        oneStop = tokensOf("tasheel-centre", "one-stop-secret");
        kiosk = tokensOf("rta-kiosk", "kiosk-secret");
    }

    /** Another server on the same database, as a second replica behind a load balancer. */
    KhidmaServer replica() {
        return start(0, false);
    }

    private KhidmaServer start(int port, boolean withIdentity) {
        var payments = new PaymentsFeature(
                database,
                FeeSchedule.catalogue(catalogue.service()),
                new SandboxProvider(),
                PaymentsOptions.defaults(),
                clock);
        this.payments.add(payments);
        var catalogueOfServer = new CatalogueFeature(database);
        var requests = new RequestsFeature(
                database, catalogueOfServer.service(), payments.service(), RequestsOptions.defaults(), clock);
        var builder = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new IdempotencyFeature(database))
                .register(catalogueOfServer)
                .register(payments)
                .register(requests)
                .register(new WebhooksFeature(
                        database,
                        WebhookOptions.defaults()
                                .withSecretKeys(keys)
                                .withPollInterval(Duration.ofMillis(50))
                                .withPlainHttpAllowed(true)
                                .withPrivateAddressesAllowed(true),
                        clock))
                .register(contract)
                .openApi("requests");
        if (withIdentity) {
            builder.register(identity);
        }
        var started = builder.start();
        servers.add(started);
        return started;
    }

    static JsonNode json(String text) {
        try {
            return KhidmaJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A form of required string fields, labelled {@code "ar|en"}. */
    static ApplicationForm simpleForm(Map<String, String> labels) {
        var properties = KhidmaJson.mapper().createObjectNode();
        var fields = new java.util.HashMap<String, FormField>();
        labels.forEach((name, label) -> {
            properties.putObject(name).put("type", "string").put("minLength", 1).put("maxLength", 200);
            var parts = label.split("\\|");
            fields.put(name, FormField.of(parts[0], parts[1]));
        });
        var schema =
                KhidmaJson.mapper().createObjectNode().put("type", "object").put("additionalProperties", false);
        schema.set("properties", properties);
        var required = schema.putArray("required");
        labels.keySet().stream().sorted().forEach(required::add);
        return new ApplicationForm(schema, fields, List.of(), List.of());
    }

    private static PublicService step(
            String code, String agency, String ar, String en, String fee, long amount, Map<String, String> labels) {
        var form = simpleForm(labels);
        var builder = PublicService.builder(code, agency, Text.of(ar, en)).processingTime(Duration.ofDays(3));
        if (fee != null) {
            builder.fee(fee, amount, Text.of("رسوم (مثال)", "Sample fee"));
            form = new ApplicationForm(form.schema(), form.fields(), form.documents(), List.of(fee));
        }
        return builder.form(form).build();
    }

    /** Trade name → licence → establishment card and labour file in parallel → signboard after both. */
    static Journey startBusiness() {
        return new Journey(
                "START-BUSINESS",
                Text.of("بدء نشاط تجاري", "Start a business"),
                Text.of("رحلة متكاملة لخمس جهات", "One application, five agencies"),
                List.of(
                        new JourneyStep("name", "DED-TRADE-NAME", List.of(), List.of("trade_name", "activity"), null),
                        new JourneyStep(
                                "licence",
                                "DED-LICENCE",
                                List.of("name"),
                                List.of("trade_name", "activity", "office_area"),
                                null),
                        new JourneyStep(
                                "card",
                                "GDRFA-EST-CARD",
                                List.of("licence"),
                                List.of("owner_name"),
                                Map.of("licence_number", "licence.licence_number")),
                        new JourneyStep(
                                "labour",
                                "MOHRE-LABOUR-FILE",
                                List.of("licence"),
                                List.of("owner_name", "owner_phone"),
                                Map.of("licence_number", "licence.licence_number")),
                        new JourneyStep(
                                "signboard",
                                "DM-SIGNBOARD",
                                List.of("card", "labour"),
                                List.of("trade_name"),
                                Map.of("licence_number", "licence.licence_number"))),
                null);
    }

    ClientCredentialsTokenProvider tokensOf(String clientId, String secret) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic(clientId, secret))
                .transport(transport)
                .build();
    }

    /** A citizen's access token, from a real login through the sandbox identity provider. */
    TokenProvider citizen(io.khidma.core.identity.server.TestCitizen citizen) {
        return SandboxIdentity.citizenLogin(
                identity, ClientAuthentication.secretBasic("portal", "portal-secret"), CALLBACK, transport, citizen);
    }

    RequestsClient client(TokenProvider credentials) {
        return client(server, credentials);
    }

    RequestsClient client(KhidmaServer on, TokenProvider credentials) {
        return RequestsClient.builder()
                .endpoint(on.uri())
                .credentials(credentials)
                .transport(transport)
                .build();
    }

    /** Pays a payment on the hosted page with the sandbox's good test card. */
    void pay(URI nextUrl) {
        var answer = new HostedPageBrowser().pay(nextUrl, SandboxProvider.SUCCESS_CARD);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 303);
    }

    static Path spec() {
        return Path.of("target/openapi/requests.yaml");
    }

    @Override
    public void close() {
        try {
            assertThat(contract.violations(spec()))
                    .as("every requests response matches requests.yaml")
                    .isEmpty();
        } finally {
            transport.close();
            servers.forEach(KhidmaServer::close);
            database.close();
        }
    }
}
