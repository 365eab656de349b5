package io.khidma.core.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a server's spans go: an OpenTelemetry SDK configured by the standard {@code OTEL_*}
 * variables ({@link #fromEnvironment()}), one the application built ({@link #of}), or nowhere, the
 * default. No agent: the server kit makes its own spans (a server span per request with the W3C
 * {@code traceparent} it received, database statements, payment-provider calls, webhook
 * deliveries) and the transport its client spans.
 *
 * <p>A {@code Tracing} is a handle: {@link io.khidma.core.server.Database#tracing()} hands out the
 * same one to every feature, and binding an SDK to it later reaches them all.
 */
public final class Tracing implements AutoCloseable {

    /** The instrumentation scope of every Khidma span. */
    public static final String SCOPE = "io.khidma";

    private static final OpenTelemetry NOOP = OpenTelemetry.noop();

    private volatile OpenTelemetry openTelemetry;
    // Looked up once per OpenTelemetry: the SDK's lookup by scope name is a registry search per call.
    private volatile Tracer tracer;
    private volatile AutoCloseable sdk;

    private Tracing(OpenTelemetry openTelemetry, AutoCloseable sdk) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.sdk = sdk;
    }

    /** Spans go nowhere (OpenTelemetry's no-op), until {@link #use} says otherwise. */
    public static Tracing none() {
        return new Tracing(NOOP, null);
    }

    /** Spans go where {@code openTelemetry} sends them; closing this does not close it. */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(Objects.requireNonNull(openTelemetry, "openTelemetry"), null);
    }

    /**
     * An SDK configured by the standard variables ({@code OTEL_SERVICE_NAME}, {@code
     * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_TRACES_SAMPLER} ...) when tracing is asked for:
     * {@code OTEL_TRACES_EXPORTER} or {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set and {@code
     * OTEL_SDK_DISABLED} is not {@code true}. Only traces are exported (OTLP over HTTP unless
     * {@code OTEL_EXPORTER_OTLP_PROTOCOL} says otherwise); metrics stay with Prometheus. Empty
     * otherwise: tracing is off by default.
     */
    public static Optional<Tracing> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static Optional<Tracing> fromEnvironment(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.get("OTEL_SDK_DISABLED"))
                || (environment.get("OTEL_TRACES_EXPORTER") == null
                        && environment.get("OTEL_EXPORTER_OTLP_ENDPOINT") == null)) {
            return Optional.empty();
        }
        var sdk = EnvironmentSdk.initialize();
        return Optional.of(new Tracing(sdk, sdk));
    }

    /** Sends spans where {@code other} sends them, from now on. */
    public void use(Tracing other) {
        this.tracer = other.tracer;
        this.openTelemetry = other.openTelemetry;
    }

    /** Whether spans go anywhere: false for {@link #none()} until an SDK is {@link #use used}. */
    public boolean enabled() {
        return openTelemetry != NOOP;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The propagator of {@code traceparent} (W3C Trace Context unless configured otherwise). */
    public TextMapPropagator propagator() {
        return openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The trace id of the span in progress on this thread, if one is being recorded. */
    public static Optional<String> currentTraceId() {
        var context = Span.current().getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    /** Flushes and stops an SDK this made from the environment. */
    @Override
    public void close() {
        var owned = sdk;
        sdk = null;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the tracing SDK", e);
            }
        }
    }

    /** The autoconfigured SDK, in a class of its own: only servers that trace need the SDK on their path. */
    private static final class EnvironmentSdk {
        static io.opentelemetry.sdk.OpenTelemetrySdk initialize() {
            return io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk.builder()
                    // Defaults the variables override. OTLP goes over HTTP (the JDK's client); gRPC
                    // would need another sender on the class path.
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none",
                            "otel.exporter.otlp.protocol", "http/protobuf",
                            "otel.service.name", "khidma"))
                    .build()
                    .getOpenTelemetrySdk();
        }
    }
}
