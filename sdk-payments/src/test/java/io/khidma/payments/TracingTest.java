package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.tracing.Tracing;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One trace follows a payment: the integrator's client span, the server's span, its SQL statements;
 * then the hosted page's submission, the provider calls it makes, and the webhook delivery its
 * capture causes, which reaches the receiver with the same trace's {@code traceparent}. Spans go to
 * the SDK's in-memory exporter.
 */
class TracingTest {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static OpenTelemetrySdk sdk;
    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        var webhooks = WebhookOptions.defaults()
                .withPollInterval(Duration.ofMillis(50))
                .withPlainHttpAllowed(true)
                .withPrivateAddressesAllowed(true);
        fixture = new PaymentsFixture(new SandboxProvider(), PaymentsOptions.defaults(), webhooks, Clock.systemUTC());
        fixture.database.bindTracing(Tracing.of(sdk));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        sdk.close();
    }

    @BeforeEach
    void clear() {
        SPANS.reset();
    }

    @Test
    void oneTraceFollowsAPaymentFromTheClientThroughTheProviderToItsWebhook() throws Exception {
        try (var receiver = new WebhookDeliveryTest.Receiver();
                var webhooks = WebhooksClient.builder()
                        .endpoint(fixture.server.uri())
                        .credentials(fixture.rta)
                        .build();
                var traced = PaymentsClient.builder()
                        .endpoint(fixture.server.uri())
                        .credentials(fixture.rta)
                        .options(TransportOptions.builder().tracing(sdk).build())
                        .build()) {
            webhooks.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            SPANS.reset();

            var payment = traced.create(fixture.basket("TRACE-1"));
            var client = only(
                    span -> span.getKind() == SpanKind.CLIENT && span.getName().equals("POST"));
            var server = only(
                    span -> span.getKind() == SpanKind.SERVER && span.getName().equals("POST /payments"));
            assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
            assertThat(server.getParentSpanId())
                    .as("the server continues the client's traceparent")
                    .isEqualTo(client.getSpanId());
            assertThat(server.getAttributes().asMap().toString()).contains("http.route=/payments");
            assertThat(children(server))
                    .as("the statements of the request, Jdbi's and plain JDBC's alike: the Idempotency-Key's"
                            + " claim, the fees' prices, the payment with its items and event, the key's answer")
                    .extracting(SpanData::getName)
                    .contains("INSERT", "SELECT", "WITH", "UPDATE");
            assertThat(children(server))
                    .allSatisfy(sql ->
                            assertThat(sql.getAttributes().asMap().toString()).contains("db.system.name=postgresql"));

            SPANS.reset();
            new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
            var page = only(
                    span -> span.getKind() == SpanKind.SERVER && span.getName().startsWith("POST /pay/"));
            assertThat(children(page))
                    .extracting(SpanData::getName)
                    .contains("payment provider authorise", "payment provider capture");

            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received.isEmpty());
            var delivery = await().atMost(Duration.ofSeconds(5))
                    .until(
                            () -> SPANS.getFinishedSpanItems().stream()
                                    .filter(span -> span.getName().equals("webhook delivery"))
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertThat(delivery.getTraceId())
                    .as("the webhook belongs to the page's trace")
                    .isEqualTo(page.getTraceId());
            var traceparent =
                    receiver.received.get(0).headers().get("traceparent").get(0);
            assertThat(traceparent).startsWith("00-" + page.getTraceId() + "-" + delivery.getSpanId());
        }
    }

    @Test
    void aProblemDocumentAndTheRequestsLogLinesCarryItsTraceId() throws Exception {
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (var asRta = fixture.client(fixture.rta)) {
            var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            var http = HttpClient.newHttpClient();
            var answer = http.send(
                    HttpRequest.newBuilder(fixture.server.uri().resolve("/payments/" + UUID.randomUUID()))
                            .header(
                                    "Authorization",
                                    "Bearer " + fixture.rta.token().value())
                            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(KhidmaJson.mapper()
                            .readTree(answer.body())
                            .path("trace_id")
                            .asText())
                    .isEqualTo(traceId);

            // A card the provider fails on: the server logs it, in the page's trace.
            var payment = asRta.create(fixture.basket("TRACE-LOG"));
            new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.ERROR_CARD);
            var page = only(
                    span -> span.getKind() == SpanKind.SERVER && span.getName().startsWith("POST /pay/"));
            assertThat(logs.list)
                    .filteredOn(event -> event.getFormattedMessage().contains("authorisation of payment"))
                    .isNotEmpty()
                    .allSatisfy(event -> assertThat(event.getMDCPropertyMap())
                            .containsEntry("trace_id", page.getTraceId())
                            .containsKey("span_id"));
        } finally {
            root.detachAppender(logs);
        }
    }

    private static SpanData only(java.util.function.Predicate<SpanData> which) {
        List<SpanData> found =
                SPANS.getFinishedSpanItems().stream().filter(which).toList();
        assertThat(found).as("spans: %s", SPANS.getFinishedSpanItems()).hasSize(1);
        return found.get(0);
    }

    private static List<SpanData> children(SpanData parent) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                .toList();
    }
}
