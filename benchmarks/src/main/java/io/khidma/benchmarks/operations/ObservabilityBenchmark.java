package io.khidma.benchmarks.operations;

import io.khidma.benchmarks.payments.PaymentCreateBenchmark;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.server.Metrics;
import io.khidma.core.text.Text;
import io.khidma.core.tracing.Tracing;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What operations cost a request: the same server measured with observability {@code off} and
 * {@code on} (Prometheus metrics of the server, the pool and the features; tracing with a server
 * span per request and a span per SQL statement, batched to the SDK's in-memory exporter), and with
 * each alone, in one run, on a payment's creation ({@code POST /payments}) and a catalogue read ({@code GET
 * /services/{id}}). The audit trail is on in both: it cannot be turned off; its own cost is {@link
 * AuditBenchmark}'s. Sample time, one caller: the mean is the inverse of the throughput, and the
 * p50 is reported beside it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class ObservabilityBenchmark {

    /**
     * {@code metrics} and {@code tracing} alone show which part of {@code on} costs what; {@code
     * sampled} is {@code on} keeping one trace in ten, as {@code OTEL_TRACES_SAMPLER=
     * parentbased_traceidratio} with {@code OTEL_TRACES_SAMPLER_ARG=0.1} would.
     */
    @Param({"off", "metrics", "tracing", "on", "sampled"})
    public String observability;

    private Path data;
    private Database database;
    private KhidmaServer server;
    private Metrics metrics;
    private OpenTelemetrySdk sdk;
    private InMemorySpanExporter spans;
    private ClientCredentialsTokenProvider tokens;
    private PaymentsClient payments;
    private CatalogueClient catalogue;
    private NewPayment basket;
    private UUID renewal;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = Files.createTempDirectory("khidma-bench");
        database = Database.embedded(data)
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency");
        boolean sampled = observability.equals("sampled");
        boolean measured = observability.equals("on") || observability.equals("metrics") || sampled;
        boolean traced = observability.equals("on") || observability.equals("tracing") || sampled;
        if (measured) {
            metrics = Metrics.prometheus();
            database.bindMetrics(metrics);
        }
        if (traced) {
            spans = InMemorySpanExporter.create();
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                            .setSampler(
                                    sampled
                                            ? Sampler.parentBased(Sampler.traceIdRatioBased(0.1))
                                            : Sampler.parentBased(Sampler.alwaysOn()))
                            .build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
            database.bindTracing(Tracing.of(sdk));
        }
        var catalogueFeature = new CatalogueFeature(database);
        var services = catalogueFeature.service();
        services.saveAgency(new Agency("rta", Text.of("هيئة الطرق", "RTA"), Agency.Level.LOCAL, "Dubai"));
        services.saveAgency(new Agency("mohre", Text.of("الموارد البشرية", "MOHRE"), Agency.Level.FEDERAL, null));
        services.importService(PaymentCreateBenchmark.service("RTA-VEH-RENEW", "rta", 40_000, 2_000));
        services.importService(PaymentCreateBenchmark.service("MOHRE-WP-ISSUE", "mohre", 30_000, 5_000));
        renewal = idOf("RTA-VEH-RENEW");
        var permit = idOf("MOHRE-WP-ISSUE");

        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var identity = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .client(TestClient.withSecret("bench", "bench-secret", "rta", Set.of(), Set.of("payments:write")))
                .build();
        var builder = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator(), database.meters()))
                .register(new IdempotencyFeature(database))
                .register(catalogueFeature)
                .register(new PaymentsFeature(
                        database, FeeSchedule.catalogue(services), new SandboxProvider(), PaymentsOptions.defaults()));
        if (measured) {
            builder.metrics(metrics);
        }
        server = builder.start();
        tokens = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic("bench", "bench-secret"))
                .build();
        payments = PaymentsClient.builder()
                .endpoint(server.uri())
                .credentials(tokens)
                .build();
        catalogue = CatalogueClient.builder().endpoint(server.uri()).build();
        basket = NewPayment.of(
                "BENCH-1",
                URI.create("https://portal.rta.example/done"),
                LineItemRequest.of(renewal, "RENEW"),
                LineItemRequest.of(renewal, "KNOWLEDGE"),
                LineItemRequest.of(permit, "ISSUE"));
    }

    private UUID idOf(String code) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM catalogue_service WHERE code = :code")
                .bind("code", code)
                .mapTo(UUID.class)
                .one());
    }

    /** The exporter keeps what it is sent: emptied between iterations, as a collector would drain it. */
    @TearDown(Level.Iteration)
    public void drain() {
        if (spans != null) {
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            spans.reset();
        }
        if (metrics != null && metrics.scrape().isEmpty()) {
            throw new IllegalStateException("metrics were on but nothing was recorded");
        }
    }

    @Benchmark
    public Payment createPayment() {
        return payments.create(basket);
    }

    @Benchmark
    public PublicService readService() {
        return catalogue.get(renewal);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        payments.close();
        catalogue.close();
        tokens.close();
        server.close();
        if (sdk != null) {
            sdk.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
