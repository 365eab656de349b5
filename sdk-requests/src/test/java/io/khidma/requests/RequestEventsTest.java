package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.json.KhidmaJson;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.RequestWebhookEvent;
import io.khidma.requests.model.Transition;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request events reach the agency's endpoint and a platform endpoint through the events kit, signed
 * so the Standard Webhooks reference library verifies them; another agency hears nothing.
 */
class RequestEventsTest {

    record Delivery(Map<String, List<String>> headers, byte[] body) {
        RequestWebhookEvent event() {
            try {
                return KhidmaJson.mapper().readValue(body, RequestWebhookEvent.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An agency's webhook endpoint on loopback that records what it receives. */
    static final class Receiver implements AutoCloseable {
        final HttpServer http;
        final List<Delivery> received = new CopyOnWriteArrayList<>();

        Receiver() throws java.io.IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/hook", exchange -> {
                var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                received.add(new Delivery(headers, exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            http.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
        }

        List<WebhookEventType> types(String number) {
            return received.stream()
                    .map(Delivery::event)
                    .filter(e -> e.data().request().number().equals(number))
                    .map(RequestWebhookEvent::type)
                    .toList();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    static RequestsFixture fixture;
    static TokenProvider fatima;

    @BeforeAll
    static void start() {
        fixture = new RequestsFixture();
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static WebhooksClient webhooks(TokenProvider credentials) {
        return WebhooksClient.builder()
                .endpoint(fixture.server.uri())
                .credentials(credentials)
                .build();
    }

    @Test
    void theAgencyAndThePlatformReceiveSignedRequestEventsAndNoOtherAgencyDoes() throws Exception {
        try (var mohreHook = new Receiver();
                var rtaHook = new Receiver();
                var platformHook = new Receiver();
                var mohreWebhooks = webhooks(fixture.mohre);
                var rtaWebhooks = webhooks(fixture.rta);
                var platformWebhooks = webhooks(fixture.tokensOf("platform-monitor", "monitor-secret"));
                var citizen = fixture.client(fatima);
                var agency = fixture.client(fixture.mohre)) {
            var all = new WebhookEventType[] {
                WebhookEventType.REQUEST_SUBMITTED,
                WebhookEventType.REQUEST_STATUS_CHANGED,
                WebhookEventType.REQUEST_ASSIGNED
            };
            var endpoint = mohreWebhooks.create(NewWebhookEndpoint.of(mohreHook.uri(), all));
            rtaWebhooks.create(NewWebhookEndpoint.of(rtaHook.uri(), all));
            var platform = platformWebhooks.create(NewWebhookEndpoint.platform(platformHook.uri(), all));
            assertThat(platform.platform()).isTrue();

            var request = citizen.submit(NewServiceRequest.of(
                    fixture.workPermit, json("{\"worker_name\": \"Ravi Kumar\", \"job_title\": \"Chef\"}")));
            agency.assign(request.number(), null);
            agency.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));

            var expected = List.of(
                    WebhookEventType.REQUEST_SUBMITTED,
                    WebhookEventType.REQUEST_ASSIGNED,
                    WebhookEventType.REQUEST_STATUS_CHANGED);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> mohreHook.types(request.number()).size() == 3);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> platformHook.types(request.number()).size() == 3);
            assertThat(mohreHook.types(request.number())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(platformHook.types(request.number())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rtaHook.types(request.number()))
                    .as("another agency's request")
                    .isEmpty();

            var verifier = new Webhook(endpoint.secret());
            for (var delivery : mohreHook.received) {
                verifier.verify(new String(delivery.body(), StandardCharsets.UTF_8), delivery.headers());
            }
            var changed = mohreHook.received.stream()
                    .map(Delivery::event)
                    .filter(e -> e.type() == WebhookEventType.REQUEST_STATUS_CHANGED)
                    .findFirst()
                    .orElseThrow();
            assertThat(changed.data().request().status()).isEqualTo(RequestStatus.IN_REVIEW);
            assertThat(changed.data().request().agencyId()).isEqualTo("mohre");
            assertThat(mohreWebhooks.deliveries(endpoint.id()).stream())
                    .as("each delivered once, visible in the log")
                    .filteredOn(d -> d.eventType().wireName().startsWith("request."))
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(d -> assertThat(d.attempts()).hasSize(1));
        }
    }
}
