package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khidma.core.events.model.DeliveryStatus;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.payments.WebhookDeliveryTest.Receiver;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With the default options, webhooks go to public addresses only: the platform is no probe of its own network. */
class WebhookTargetTest {

    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        var webhooks = WebhookOptions.defaults()
                .withPollInterval(Duration.ofMillis(50))
                .withBackoff(Duration.ofSeconds(30), Duration.ofMinutes(1));
        fixture = new PaymentsFixture(new SandboxProvider(), PaymentsOptions.defaults(), webhooks, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://10.20.30.40/hook",
                "https://172.16.0.1/hook",
                "https://192.168.1.10:8443/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://100.64.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::1]/hook",
                "https://[fd12:3456::1]/hook",
                "https://[fe80::1]/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "https://localhost/hook",
                "https://api.localhost/hook"
            })
    void anInternalAddressIsRefusedAtRegistrationAndNothingIsStored(String url) {
        int before = endpointCount();

        var refused = HostedPageBrowser.send(
                HttpClient.newHttpClient(),
                HttpRequest.newBuilder(fixture.server.uri().resolve("/webhooks"))
                        .header("Authorization", "Bearer " + fixture.rta.token().value())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"url\":\"" + url + "\",\"event_types\":[\"payment.captured\"]}"))
                        .build());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"field\":\"url\"", "must be a public address");
        assertThat(endpointCount()).isEqualTo(before);
    }

    @Test
    void aPublicHostNameIsAcceptedWithoutALookup() {
        try (var asRta = fixture.webhooks(fixture.rta)) {
            var endpoint = asRta.create(NewWebhookEndpoint.of(
                    URI.create("https://hooks.rta.example/k"), WebhookEventType.PAYMENT_CAPTURED));

            assertThat(asRta.get(endpoint.id()).url()).isEqualTo(URI.create("https://hooks.rta.example/k"));
            asRta.delete(endpoint.id());
        }
    }

    @Test
    void anEndpointThatResolvesInsideIsRefusedAtDeliveryAndTheAttemptRecorded() throws Exception {
        try (var inside = new Receiver();
                var asRta = fixture.webhooks(fixture.rta)) {
            var endpoint = asRta.create(NewWebhookEndpoint.of(
                    URI.create("https://hooks.rta.example/k"), WebhookEventType.PAYMENT_CAPTURED));
            // As an endpoint stored before the check, or a name re-pointed at an internal address later.
            jdbi().useHandle(h -> h.createUpdate("UPDATE events_endpoint SET url = :url WHERE id = :id")
                    .bind("url", inside.uri().toString())
                    .bind("id", endpoint.id())
                    .execute());

            fixture.paid("INSIDE-1", SandboxProvider.SUCCESS_CARD);

            await().atMost(Duration.ofSeconds(10)).until(() -> asRta.deliveries(endpoint.id()).stream()
                    .anyMatch(d -> !d.attempts().isEmpty()));
            var delivery = asRta.deliveries(endpoint.id()).stream().findFirst().orElseThrow();
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(delivery.attempts().get(0).responseStatus()).isNull();
            assertThat(delivery.attempts().get(0).error()).contains("127.0.0.1, which is not a public address");
            assertThat(inside.received)
                    .as("nothing reached the internal address")
                    .isEmpty();
            asRta.delete(endpoint.id());
        }
    }

    private static int endpointCount() {
        return jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM events_endpoint")
                .mapTo(Integer.class)
                .one());
    }

    private static Jdbi jdbi() {
        return Jdbi.create(fixture.database.dataSource());
    }
}
