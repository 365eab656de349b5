package io.khidma.benchmarks.operations;

import io.khidma.benchmarks.payments.PaymentsBench;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.server.Metrics;
import io.khidma.core.tracing.Tracing;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.Payment;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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

    private PaymentsBench bench;
    private Metrics metrics;
    private OpenTelemetrySdk sdk;
    private InMemorySpanExporter spans;
    private PaymentsClient payments;
    private CatalogueClient catalogue;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean sampled = observability.equals("sampled");
        boolean measured = observability.equals("on") || observability.equals("metrics") || sampled;
        boolean traced = observability.equals("on") || observability.equals("tracing") || sampled;
        if (measured) {
            metrics = Metrics.prometheus();
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
        }
        bench = PaymentsBench.start(
                database -> {
                    if (measured) {
                        database.bindMetrics(metrics);
                    }
                    if (traced) {
                        database.bindTracing(Tracing.of(sdk));
                    }
                },
                server -> {
                    if (measured) {
                        server.metrics(metrics);
                    }
                });
        payments = bench.client();
        catalogue = CatalogueClient.builder().endpoint(bench.server.uri()).build();
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
        return payments.create(bench.basket);
    }

    @Benchmark
    public PublicService readService() {
        return catalogue.get(bench.renewal);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        payments.close();
        catalogue.close();
        bench.close();
        if (sdk != null) {
            sdk.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
