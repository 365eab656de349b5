package io.khidma.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void tracingIsOffUnlessTheStandardVariablesAskForIt() {
        assertThat(Tracing.fromEnvironment(Map.of())).isEmpty();
        assertThat(Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "khidma")))
                .isEmpty();
        assertThat(Tracing.fromEnvironment(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_SDK_DISABLED", "true")))
                .isEmpty();

        try (var tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))
                .orElseThrow()) {
            var span = tracing.tracer().spanBuilder("probe").startSpan();
            assertThat(span.getSpanContext().isValid())
                    .as("an SDK that records")
                    .isTrue();
            assertThat(span.isRecording()).isTrue();
            assertThat(tracing.propagator().fields()).contains("traceparent");
        }
    }

    @Test
    void aHandleBoundLaterReachesThoseHoldingIt() {
        var handle = Tracing.none();
        assertThat(handle.tracer()
                        .spanBuilder("before")
                        .startSpan()
                        .getSpanContext()
                        .isValid())
                .isFalse();
        try (var sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build()) {
            handle.use(Tracing.of(sdk));
            assertThat(handle.tracer()
                            .spanBuilder("after")
                            .startSpan()
                            .getSpanContext()
                            .isValid())
                    .isTrue();
        }
    }
}
