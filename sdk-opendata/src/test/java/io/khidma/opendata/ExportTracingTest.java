package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An export is one server span, with the COPY that streams the rows as its child. */
class ExportTracingTest {

    @Test
    void anExportIsAServerSpanWithItsStatementsAsChildren() {
        var spans = InMemorySpanExporter.create();
        try (var sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                .build())
                        .build();
                var fixture = new OpenDataFixture()) {
            fixture.database.bindTracing(Tracing.of(sdk));
            var created =
                    fixture.postJson("/datasets", fixture.rta, OpenDataTest.centres(OpenDataTest.centresSchema()));
            var id = OpenDataFixture.tree(created).get("id").asText();
            fixture.upload(id, fixture.rta, OpenDataTest.CENTRES.getBytes(StandardCharsets.UTF_8));
            fixture.postJson("/datasets/" + id + "/publish", fixture.rta, "");
            spans.reset();

            var export = fixture.get("/datasets/" + id + "/export?format=csv");
            assertThat(export.statusCode()).isEqualTo(200);

            var server = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getKind() == SpanKind.SERVER)
                    .toList();
            assertThat(server).extracting(SpanData::getName).containsExactly("GET /datasets/{id}/export");
            var statements = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getParentSpanId().equals(server.get(0).getSpanId()))
                    .toList();
            assertThat(statements)
                    .isNotEmpty()
                    .allSatisfy(span -> assertThat(span.getTraceId())
                            .isEqualTo(server.get(0).getTraceId()))
                    .anySatisfy(span -> {
                        assertThat(span.getName()).isEqualTo("COPY");
                        assertThat(span.getAttributes().asMap().toString())
                                .contains("db.query.text=COPY (SELECT")
                                .contains("ORDER BY _row) TO STDOUT (FORMAT csv)");
                    });
        }
    }
}
