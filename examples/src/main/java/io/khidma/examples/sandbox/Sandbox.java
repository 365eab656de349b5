package io.khidma.examples.sandbox;

import io.khidma.core.audit.server.AuditFeature;
import io.khidma.core.audit.server.AuditOptions;
import io.khidma.core.audit.server.AuditSigningKey;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.events.server.WebhookKeys;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.events.server.WebhooksFeature;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.server.Metrics;
import io.khidma.core.tracing.Tracing;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import io.khidma.requests.server.DocumentKeys;
import io.khidma.requests.server.RequestsFeature;
import io.khidma.requests.server.RequestsOptions;
import jakarta.ws.rs.core.UriBuilder;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The sandbox: every Khidma API on one server, over an embedded PostgreSQL that keeps its data in a
 * folder across restarts. For development and demonstrations only.
 *
 * <pre>
 * java -jar examples/target/khidma-sandbox.jar --port 0 --data /tmp/khidma
 * </pre>
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** How often the live transactions dataset is published again. */
    static final Duration LIVE_DATASET_EVERY = Duration.ofMinutes(10);

    private final Database database;
    private final KhidmaServer server;
    private final Metrics metrics;
    private final Tracing tracing;
    private final SandboxIdentities identities;
    private final ScheduledExecutorService refresher;

    private Sandbox(
            Database database, KhidmaServer server, Metrics metrics, Tracing tracing, SandboxIdentities identities) {
        this.database = database;
        this.tracing = tracing;
        this.server = server;
        this.metrics = metrics;
        this.identities = identities;
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "khidma-sandbox-live-dataset");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a sandbox on a free loopback port with its embedded database in {@code data}: for an
     * integration test that drives Khidma over HTTP. Close it when done.
     */
    public static Sandbox start(Path data) {
        return start(new SandboxOptions("127.0.0.1", 0, data, false, false, null), null);
    }

    /**
     * As {@link #start(Path)}, with every API's metrics, the features' own included, recorded in
     * {@code metrics} (closed with the sandbox).
     */
    public static Sandbox start(Path data, Metrics metrics) {
        return start(new SandboxOptions("127.0.0.1", 0, data, false, false, null), Objects.requireNonNull(metrics));
    }

    /**
     * Starts the database (embedded unless {@code KHIDMA_DB_URL} is set) and the server with the
     * sandbox identity provider at {@code /identity}, bearer-token protection for every API, the
     * catalogue, payments with the sandbox provider's test cards, and open data with the small
     * synthetic datasets published.
     */
    static Sandbox start(SandboxOptions options) {
        // Prometheus metrics on 127.0.0.1 when KHIDMA_METRICS_PORT names a port; never on the API port.
        return start(options, Metrics.fromEnvironment().orElse(null));
    }

    private static Sandbox start(SandboxOptions options, Metrics metrics) {
        // The sandbox is sandbox mode: the only place the password-less identity provider may run.
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        // The identity provider's issuer names the port, so a free one is chosen before starting.
        int port = options.port() == 0 ? KhidmaServer.findFreePort() : options.port();
        // Bound to every interface, the sandbox still names itself by a host clients can reach.
        var publicHost = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        var publicUrl = options.publicUrl() != null
                ? options.publicUrl()
                : URI.create("http://" + publicHost + ":" + port + "/");
        var builder = KhidmaServer.builder().host(options.host()).port(port).publicUrl(publicUrl);
        var issuer = UriBuilder.fromUri(publicUrl).path("identity").build();
        var identities = SandboxIdentities.load();
        var database = Database.fromEnvironment(options.data().resolve("postgres"));
        // Spans through OTLP when the OTEL_* variables ask for them; none otherwise.
        var tracing = Tracing.fromEnvironment().orElse(null);
        if (tracing != null) {
            database.bindTracing(tracing);
        }
        var identity = identities.provider(issuer, database);
        try {
            if (metrics != null) {
                database.bindMetrics(metrics);
            }
            var catalogue = new CatalogueFeature(database.migrate("catalogue"));
            SandboxCatalogue.load().seed(catalogue.service());
            SandboxRequests.load().seed(catalogue.service());
            var agencyNames =
                    catalogue.service().agencies().stream().collect(Collectors.toMap(Agency::id, Agency::name));
            // Test cards, no money.
            var payments = new PaymentsFeature(
                    database.migrate("payments"),
                    FeeSchedule.catalogue(catalogue.service()),
                    new SandboxProvider(),
                    PaymentsOptions.defaults().withPublicUri(publicUrl));
            // A sandbox delivers to plain-http receivers on the developer's own machine.
            var webhooks = new WebhooksFeature(
                    database.migrate("events"),
                    WebhookOptions.defaults()
                            .withPlainHttpAllowed(true)
                            .withPrivateAddressesAllowed(true)
                            .withSecretKeys(
                                    WebhookKeys.fromEnvironmentOr(options.data().resolve("webhook-keys"))));
            // Issued documents keep verifying with the same key across restarts.
            var requests = new RequestsFeature(
                    database.migrate("requests"),
                    catalogue.service(),
                    payments.service(),
                    RequestsOptions.defaults()
                            .withDocumentKeys(DocumentKeys.fromEnvironmentOr(
                                    options.data().resolve("document-keys.json"))));
            var audit = new AuditFeature(
                    database,
                    AuditOptions.defaults()
                            .withOrigin(publicUrl.getAuthority() + publicUrl.getPath() + "audit")
                            .withSigningKey(AuditSigningKey.fromEnvironmentOr(
                                    options.data().resolve("audit-key"))));
            builder.database(database)
                    .register(identity)
                    .register(new BearerTokenFilter(identity.tokenValidator(), database.meters()))
                    .register(new IdempotencyFeature(database.migrate("idempotency")))
                    .register(catalogue)
                    .register(payments)
                    .register(requests)
                    .register(webhooks)
                    .register(audit)
                    .register(new OpenDataFeature(
                            database.migrate("opendata"),
                            OpenDataOptions.defaults().withPublisherNames(agencyNames::get)))
                    .openApi("identity")
                    .openApi("catalogue")
                    .openApi("payments")
                    .openApi("requests")
                    .openApi("events")
                    .openApi("audit")
                    .openApi("opendata");
            if (metrics != null) {
                builder.metrics(metrics);
            }
            var server = builder.start();
            var sandbox = new Sandbox(database, server, metrics, tracing, identities);
            try {
                SandboxOpenData.load().publish(server.uri(), identities);
                SandboxRequests.load().publishTawseel(server.uri());
                sandbox.refreshLiveDataset();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return sandbox;
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (tracing != null) {
                tracing.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Publishes the large generated dataset on a background thread, unless it is there already,
     * and says when it is ready.
     */
    void publishLargeDatasetInBackground(PrintStream out) {
        var loader = new Thread(
                () -> {
                    try {
                        var dataset = SandboxOpenData.publishLarge(uri(), identities, SandboxOpenData.LARGE_ROWS);
                        out.println("Open data: \"" + dataset.title().en() + "\" is ready at "
                                + uri().resolve("/datasets/" + dataset.id() + "/rows")
                                + "  |  البيانات الكبيرة جاهزة");
                    } catch (RuntimeException e) {
                        LOG.warn("the large sandbox dataset was not published: {}", e.toString());
                    }
                },
                "khidma-sandbox-large-dataset");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * Publishes the transactions-by-channel dataset from the platform's transaction KPIs now, and
     * again every {@link #LIVE_DATASET_EVERY} while the sandbox runs.
     */
    private void refreshLiveDataset() {
        var dataset = new LiveTransactionsDataset(server.uri(), identities);
        dataset.refresh();
        long every = LIVE_DATASET_EVERY.toSeconds();
        refresher.scheduleWithFixedDelay(
                () -> {
                    try {
                        dataset.refresh();
                    } catch (RuntimeException e) {
                        LOG.warn("the live transactions dataset was not refreshed: {}", e.toString());
                    }
                },
                every,
                every,
                TimeUnit.SECONDS);
    }

    /** Where the sandbox serves every API, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return server.uri();
    }

    void printWelcome(PrintStream out) {
        var base = server.uri();
        out.println();
        out.println("Khidma sandbox is running  |  صندوق تجربة خدمة يعمل الآن");
        out.println("  API            " + base);
        out.println("  Documentation  " + base.resolve("/docs") + "   (التوثيق)");
        out.println(
                "  Catalogue      " + base.resolve("/services?q=%D8%AA%D8%AC%D8%AF%D9%8A%D8%AF") + "   (دليل الخدمات)");
        out.println("  Payments       " + base.resolve("/payments") + "   (المدفوعات; test card 4242 4242 4242 4242)");
        out.println("  Journeys       " + base.resolve("/journeys")
                + "   (الرحلات المتكاملة; apply at /journey-applications)");
        out.println("  Home visits    " + base.resolve("/services/" + SandboxRequests.TAWSEEL + "/slots")
                + "   (توصيل; book at /requests/{number}/visits)");
        out.println("  KPIs           " + base.resolve("/kpis/transactions?group_by=channel") + "   (مؤشرات الأداء)");
        out.println("  Verify         " + base.resolve("/documents/verify/") + "{code}   (التحقق من الوثائق)");
        out.println("  Open311        " + base.resolve("/open311/v2/services.json"));
        out.println("  Open data      " + base.resolve("/datasets") + "   (البيانات المفتوحة)");
        out.println("  Contracts      " + base.resolve("/openapi/")
                + "{catalogue,payments,requests,events,audit,opendata}.yaml");
        out.println("  Health         " + base.resolve("/health/ready"));
        out.println(
                "  Login (OIDC)   " + base.resolve("/identity/.well-known/openid-configuration") + "   (تسجيل الدخول)");
        out.println("Press Ctrl+C to stop  |  اضغط Ctrl+C للإيقاف");
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            server.close();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            if (tracing != null) {
                tracing.close();
            }
            database.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(SandboxOptions.USAGE);
            return;
        }
        var sandbox = start(options);
        if (options.journeyOnly()) {
            boolean succeeded;
            try (sandbox) {
                succeeded = new SandboxJourney(sandbox.uri(), System.out).run();
            }
            System.exit(succeeded ? 0 : 1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "khidma-sandbox-stop"));
        new SandboxJourney(sandbox.uri(), System.out).run();
        sandbox.printWelcome(System.out);
        sandbox.publishLargeDatasetInBackground(System.out);
        stopped.await();
    }
}
