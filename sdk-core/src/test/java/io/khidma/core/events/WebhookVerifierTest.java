package io.khidma.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    static final byte[] BODY = """
            {"type":"payment.captured","data":{"payment_id":"pay_01","total":{"amount":42000,"currency":"AED"}}}""".getBytes(StandardCharsets.UTF_8);

    final WebhookSecret secret = WebhookSecret.generate();
    final Instant now = Instant.now();

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        var multi = new HashMap<String, List<String>>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    private Map<String, List<String>> signed(String id, Instant at, WebhookSecret... secrets) {
        return multi(new WebhookSigner(List.of(secrets)).headers(id, at, BODY));
    }

    @Test
    void aSignedDeliveryVerifiesAndKeepsItsId() {
        var message = WebhookVerifier.of(secret).verify(signed("msg_1", now, secret), BODY);

        assertThat(message.id()).isEqualTo("msg_1");
        assertThat(message.timestamp()).isEqualTo(Instant.ofEpochSecond(now.getEpochSecond()));
        assertThat(message.bodyAsString()).contains("payment.captured");
    }

    @Test
    void aTamperedBodyIsRejected() {
        var headers = signed("msg_2", now, secret);
        var tampered =
                new String(BODY, StandardCharsets.UTF_8).replace("42000", "1").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WebhookVerifier.of(secret).verify(headers, tampered))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("no webhook-signature matches");
    }

    @Test
    void staleAndFutureTimestampsAreRejected() {
        var verifier = WebhookVerifier.of(secret);
        assertThatThrownBy(() -> verifier.verify(signed("msg_3", now.minus(Duration.ofMinutes(6)), secret), BODY))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verifier.verify(signed("msg_4", now.plus(Duration.ofMinutes(6)), secret), BODY))
                .isInstanceOf(InvalidWebhookException.class);
        assertThat(verifier.withTolerance(Duration.ofMinutes(10))
                        .verify(signed("msg_5", now.minus(Duration.ofMinutes(6)), secret), BODY)
                        .id())
                .isEqualTo("msg_5");
    }

    @Test
    void aReplayOutsideTheToleranceIsRejectedLater() {
        var headers = signed("msg_6", now, secret);
        var later = Clock.fixed(now.plus(Duration.ofMinutes(5)).plusSeconds(2), ZoneOffset.UTC);

        assertThat(WebhookVerifier.of(secret).verify(headers, BODY).id()).isEqualTo("msg_6");
        assertThatThrownBy(() -> WebhookVerifier.of(secret).withClock(later).verify(headers, BODY))
                .isInstanceOf(InvalidWebhookException.class);
    }

    @Test
    void duringRotationEitherSecretVerifies() {
        var next = WebhookSecret.generate();
        var headers = signed("msg_7", now, next, secret);

        assertThat(headers.get("webhook-signature").get(0)).matches("v1,\\S+ v1,\\S+");
        assertThat(WebhookVerifier.of(secret).verify(headers, BODY).id()).isEqualTo("msg_7");
        assertThat(WebhookVerifier.of(next).verify(headers, BODY).id()).isEqualTo("msg_7");
        assertThatThrownBy(() -> WebhookVerifier.of(WebhookSecret.generate()).verify(headers, BODY))
                .isInstanceOf(InvalidWebhookException.class);
    }

    @Test
    void missingHeadersAreRejectedClearly() {
        var headers = signed("msg_8", now, secret);
        headers.remove("webhook-timestamp");

        assertThatThrownBy(() -> WebhookVerifier.of(secret).verify(headers, BODY))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("webhook-timestamp");
    }

    @Test
    void headerNamesMatchWhateverTheirCase() {
        var upper = new HashMap<String, List<String>>();
        signed("msg_9", now, secret).forEach((name, values) -> upper.put(name.toUpperCase(), values));

        assertThat(WebhookVerifier.of(secret).verify(upper, BODY).id()).isEqualTo("msg_9");
    }

    @Test
    void ourSignaturesVerifyWithTheStandardWebhooksLibraryAndTheirsWithOurs() throws Exception {
        var reference = new Webhook(secret.encoded());
        var payload = new String(BODY, StandardCharsets.UTF_8);

        reference.verify(payload, signed("msg_10", now, secret));

        var theirs = reference.sign("msg_11", now.getEpochSecond(), payload);
        var headers = Map.of(
                "webhook-id", List.of("msg_11"),
                "webhook-timestamp", List.of(Long.toString(now.getEpochSecond())),
                "webhook-signature", List.of(theirs));
        assertThat(WebhookVerifier.of(secret).verify(headers, BODY).id()).isEqualTo("msg_11");
    }

    @Test
    void secretsRoundTripAndNeverPrint() {
        assertThat(WebhookSecret.parse(secret.encoded())).isEqualTo(secret);
        assertThat(secret.encoded()).startsWith("whsec_");
        assertThat(secret.toString()).doesNotContain(secret.encoded().substring(6, 12));
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
    }
}
