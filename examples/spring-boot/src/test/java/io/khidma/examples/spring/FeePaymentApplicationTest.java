package io.khidma.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.server.KhidmaServer;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxBrowser;
import io.khidma.payments.provider.SandboxProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application against a running sandbox, over HTTP both ways: it takes a fee, the
 * citizen pays on the hosted page, and the sandbox's signed webhook tells the application the
 * payment was captured. A delivery with a forged signature is refused.
 */
@SpringBootTest(classes = FeePaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FeePaymentApplicationTest {

    static Sandbox sandbox;

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${server.port}")
    int port;

    /**
     * Before the application starts: the sandbox, a port for the application, and its webhook
     * endpoint registered there, whose secret the application is configured with.
     */
    @DynamicPropertySource
    static void khidma(DynamicPropertyRegistry properties) {
        try {
            sandbox = Sandbox.start(Files.createTempDirectory("khidma-spring-sandbox"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = KhidmaServer.findFreePort();
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "rta-portal");
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build()) {
            var endpoint = webhooks.create(NewWebhookEndpoint.of(
                    URI.create("http://127.0.0.1:" + port + "/khidma/webhooks"),
                    WebhookEventType.PAYMENT_CAPTURED,
                    WebhookEventType.PAYMENT_DECLINED));
            properties.add("khidma.webhooks.secrets", endpoint::secret);
        }
        properties.add("khidma.endpoint", () -> sandbox.uri().toString());
        properties.add("server.port", () -> port);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void takesAFeeAndLearnsTheOutcomeFromAVerifiedWebhook() throws Exception {
        var started = http.send(
                HttpRequest.newBuilder(app("/fees/RTA-VEH-RENEW?order=SB-1001&fee=RENEW&fee=KNOWLEDGE"
                                + "&returnUrl=http://127.0.0.1:3000/paid"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        var payment = field(started.body(), "payment");
        var payAt = URI.create(field(started.body(), "payAt"));

        assertThat(http.send(HttpRequest.newBuilder(app("/fees/" + payment)).build(), BodyHandlers.discarding())
                        .statusCode())
                .as("no webhook yet")
                .isEqualTo(404);

        new SandboxBrowser().payOnHostedPage(payAt, SandboxProvider.SUCCESS_CARD);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var outcome =
                    http.send(HttpRequest.newBuilder(app("/fees/" + payment)).build(), BodyHandlers.ofString());
            assertThat(outcome.statusCode()).isEqualTo(200);
            assertThat(outcome.body()).contains("\"status\":\"payment.captured\"");
        });
    }

    @Test
    void aDeliveryWithAForgedSignatureNeverReachesTheHandler() throws Exception {
        var forged = http.send(
                HttpRequest.newBuilder(app("/khidma/webhooks"))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", "msg_forged")
                        .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                        .header("webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"payment.captured\"}"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("Webhook not verified");
    }

    @Test
    void actuatorReportsTheConnectionToKhidma() throws Exception {
        var health = http.send(HttpRequest.newBuilder(app("/actuator/health")).build(), BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"khidma\":{\"status\":\"UP\"");
    }

    private URI app(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String field(String json, String name) throws IOException {
        return io.khidma.core.json.KhidmaJson.mapper().readTree(json).get(name).asText();
    }
}
