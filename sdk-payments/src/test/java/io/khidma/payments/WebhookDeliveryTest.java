package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.DeliveryStatus;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookDelivery;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.NotFoundException;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.WebhookEvent;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    /** One delivery as a receiver saw it. */
    record Received(Map<String, List<String>> headers, byte[] body) {
        String id() {
            return headers.get("webhook-id").get(0);
        }

        WebhookEvent bodyAs() {
            try {
                return KhidmaJson.mapper().readValue(body, WebhookEvent.class);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A webhook receiver on loopback: answers {@code status} (or hangs) and keeps what it got. */
    static final class Receiver implements AutoCloseable {
        final HttpServer http;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(204);
        final CountDownLatch hang = new CountDownLatch(1);
        volatile boolean hanging;

        Receiver() throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext("/hook", exchange -> {
                var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
                if (hanging) {
                    try {
                        hang.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            http.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            hang.countDown();
            http.stop(0);
        }
    }

    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        var webhooks = WebhookOptions.defaults()
                .withPollInterval(Duration.ofMillis(50))
                .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1))
                .withRequestTimeout(Duration.ofSeconds(2))
                .withPlainHttpAllowed(true)
                .withPrivateAddressesAllowed(true);
        fixture = new PaymentsFixture(new SandboxProvider(), PaymentsOptions.defaults(), webhooks, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void eachAgencyGetsTheCapturedEventSignedSoTheReferenceLibraryVerifiesIt() throws Exception {
        try (var rtaReceiver = new Receiver();
                var mohreReceiver = new Receiver();
                var asRta = fixture.webhooks(fixture.rta);
                var asMohre = fixture.webhooks(fixture.mohre)) {
            var rtaEndpoint = asRta.create(NewWebhookEndpoint.of(rtaReceiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            var mohreEndpoint = asMohre.create(NewWebhookEndpoint.of(
                    mohreReceiver.uri(), WebhookEventType.PAYMENT_CAPTURED, WebhookEventType.PAYMENT_REFUNDED));
            assertThat(rtaEndpoint.secret()).startsWith("whsec_");
            assertThat(asRta.get(rtaEndpoint.id()).secret()).as("shown once").isNull();

            var paid = fixture.paid("HOOK-1", SandboxProvider.SUCCESS_CARD);

            await().atMost(Duration.ofSeconds(10)).until(() -> received(rtaReceiver, paid.id(), "payment.captured"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received(mohreReceiver, paid.id(), "payment.captured"));
            var delivery = rtaReceiver.received.stream()
                    .filter(r -> r.bodyAs().data().payment().id().equals(paid.id()))
                    .findFirst()
                    .orElseThrow();
            var message = WebhookVerifier.of(WebhookSecret.parse(rtaEndpoint.secret()))
                    .verify(delivery.headers(), delivery.body());
            var event = KhidmaJson.mapper().readValue(message.body(), WebhookEvent.class);
            assertThat(event.type()).isEqualTo(WebhookEventType.PAYMENT_CAPTURED);
            assertThat(event.data().payment().status()).isEqualTo(PaymentStatus.CAPTURED);
            new Webhook(rtaEndpoint.secret())
                    .verify(new String(delivery.body(), StandardCharsets.UTF_8), delivery.headers());

            assertThatThrownBy(() -> WebhookVerifier.of(WebhookSecret.parse(mohreEndpoint.secret()))
                            .verify(delivery.headers(), delivery.body()))
                    .as("another endpoint's secret does not verify it")
                    .isInstanceOf(io.khidma.core.events.InvalidWebhookException.class);
            var tampered = new String(delivery.body(), StandardCharsets.UTF_8)
                    .replace("\"amount\":72000", "\"amount\":1")
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> WebhookVerifier.of(WebhookSecret.parse(rtaEndpoint.secret()))
                            .verify(delivery.headers(), tampered))
                    .isInstanceOf(io.khidma.core.events.InvalidWebhookException.class);

            try (var payments = fixture.client(fixture.mohre)) {
                payments.refund(paid.id(), NewRefund.of(5_000, "partial"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received(mohreReceiver, paid.id(), "payment.refunded"));
            assertThat(rtaReceiver.received)
                    .as("RTA did not subscribe to refunds")
                    .noneMatch(r -> r.bodyAs().type() == WebhookEventType.PAYMENT_REFUNDED);
        }
    }

    @Test
    void anEndpointThatIsDownGetsTheSameEventLaterWithTheSameId() throws Exception {
        try (var receiver = new Receiver();
                var asRta = fixture.webhooks(fixture.rta)) {
            receiver.status.set(503);
            var endpoint = asRta.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            var paid = fixture.paid("HOOK-2", SandboxProvider.SUCCESS_CARD);

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() >= 2);
            receiver.status.set(200);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> deliveryOf(asRta, endpoint.id()).status() == DeliveryStatus.SUCCEEDED);

            var delivery = deliveryOf(asRta, endpoint.id());
            assertThat(receiver.received).extracting(Received::id).containsOnly(delivery.messageId());
            assertThat(delivery.attempts()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(delivery.attempts().get(0).responseStatus()).isEqualTo(503);
            assertThat(delivery.attempts().get(delivery.attempts().size() - 1).responseStatus())
                    .isEqualTo(200);
            assertThat(receiver.received.get(0).bodyAs().data().payment().id()).isEqualTo(paid.id());
        }
    }

    @Test
    void anEndpointThatHangsDoesNotHoldUpAnother() throws Exception {
        try (var slow = new Receiver();
                var fast = new Receiver();
                var asRta = fixture.webhooks(fixture.rta);
                var asMohre = fixture.webhooks(fixture.mohre)) {
            slow.hanging = true;
            asRta.create(NewWebhookEndpoint.of(slow.uri(), WebhookEventType.PAYMENT_CAPTURED));
            asMohre.create(NewWebhookEndpoint.of(fast.uri(), WebhookEventType.PAYMENT_CAPTURED));
            var paid = fixture.paid("HOOK-3", SandboxProvider.SUCCESS_CARD);

            await().atMost(Duration.ofSeconds(10)).until(() -> received(slow, paid.id(), "payment.captured"));
            await().atMost(Duration.ofMillis(1500)).until(() -> received(fast, paid.id(), "payment.captured"));
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        try (var receiver = new Receiver();
                var asRta = fixture.webhooks(fixture.rta)) {
            var endpoint = asRta.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            var rotated = asRta.rotateSecret(endpoint.id(), Duration.ofHours(1));
            assertThat(rotated.secret()).isNotEqualTo(endpoint.secret());

            var paid = fixture.paid("HOOK-4", SandboxProvider.SUCCESS_CARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> received(receiver, paid.id(), "payment.captured"));
            var delivery = receiver.received.get(0);
            assertThat(delivery.headers().get("webhook-signature").get(0).split(" "))
                    .hasSize(2);
            for (var secret : List.of(endpoint.secret(), rotated.secret())) {
                assertThat(WebhookVerifier.of(WebhookSecret.parse(secret))
                                .verify(delivery.headers(), delivery.body())
                                .id())
                        .isEqualTo(delivery.id());
            }
        }
    }

    @Test
    void endpointsAreTheAgencysOwnAndMustBeValid() {
        try (var asRta = fixture.webhooks(fixture.rta);
                var asMohre = fixture.webhooks(fixture.mohre)) {
            var endpoint = asRta.create(NewWebhookEndpoint.of(
                    URI.create("https://hooks.rta.example/k"), WebhookEventType.PAYMENT_CAPTURED));
            assertThat(asRta.list()).extracting(e -> e.id()).contains(endpoint.id());
            assertThat(asMohre.list()).extracting(e -> e.id()).doesNotContain(endpoint.id());
            assertThatThrownBy(() -> asMohre.get(endpoint.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> asMohre.delete(endpoint.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() ->
                            asRta.create(new NewWebhookEndpoint(URI.create("ftp://x.example/"), List.of(), null, null)))
                    .isInstanceOf(IllegalArgumentException.class);

            asRta.delete(endpoint.id());
            assertThatThrownBy(() -> asRta.get(endpoint.id())).isInstanceOf(NotFoundException.class);
        }
        var http = java.net.http.HttpClient.newHttpClient();
        var refused = HostedPageBrowser.send(
                http,
                java.net.http.HttpRequest.newBuilder(fixture.server.uri().resolve("/webhooks"))
                        .header("Authorization", "Bearer " + fixture.rta.token().value())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"url\":\"https://x.example/\",\"event_types\":[\"payment.teleported\"]}"))
                        .build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown event type payment.teleported");
    }

    private static boolean received(Receiver receiver, java.util.UUID payment, String type) {
        return receiver.received.stream()
                .map(Received::bodyAs)
                .anyMatch(event -> event.type().wireName().equals(type)
                        && event.data().payment().id().equals(payment));
    }

    private static WebhookDelivery deliveryOf(WebhooksClient client, java.util.UUID endpoint) {
        return client.deliveries(endpoint).stream().findFirst().orElseThrow();
    }
}
