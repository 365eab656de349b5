package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.WebhookKeys;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.events.server.WebhooksFeature;
import io.khidma.core.server.Database;
import io.khidma.core.testing.TestDatabases;
import io.khidma.payments.WebhookDeliveryTest.Receiver;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Signing secrets are sealed in the database, survive a key rotation, and still sign what receivers verify. */
class WebhookSecretsAtRestTest {

    @Test
    void aStoredSecretIsSealedUnderTheKeyAndStillSignsWhatTheReceiverVerifies() throws Exception {
        var keys = WebhookKeys.of(newKey());
        try (var receiver = new Receiver();
                var fixture = fixture(TestDatabases.fresh(), keys);
                var asRta = fixture.webhooks(fixture.rta)) {
            var endpoint = asRta.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));

            var stored = storedSecrets(fixture.database);
            assertThat(stored).singleElement().satisfies(row -> {
                assertThat(row).startsWith("khs1." + keys.currentKeyId() + ".");
                assertThat(row).doesNotContain(endpoint.secret().substring("whsec_".length()));
            });

            fixture.paid("SEALED-1", SandboxProvider.SUCCESS_CARD);
            assertThat(verifiedDeliveries(receiver, endpoint.secret()))
                    .as("signed with the opened secret")
                    .isOne();
        }
    }

    @Test
    void aRestartWithANewKeySealsEverySecretUnderItAndDeliveriesStillVerify() throws Exception {
        var name = TestDatabases.createDatabase();
        var oldKey = newKey();
        var newKey = newKey();
        String sealedSecret;
        String unsealedSecret;
        try (var sealedReceiver = new Receiver();
                var unsealedReceiver = new Receiver()) {
            try (var before = fixture(Database.connect(TestDatabases.pool(name)), WebhookKeys.of(oldKey));
                    var asRta = before.webhooks(before.rta)) {
                sealedSecret = asRta.create(
                                NewWebhookEndpoint.of(sealedReceiver.uri(), WebhookEventType.PAYMENT_CAPTURED))
                        .secret();
                var unsealed =
                        asRta.create(NewWebhookEndpoint.of(unsealedReceiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
                unsealedSecret = unsealed.secret();
                // As a secret stored before secrets were sealed.
                Jdbi.create(before.database.dataSource()).useHandle(h -> h.createUpdate(
                                "UPDATE events_secret SET secret = :plain WHERE endpoint_id = :id")
                        .bind("plain", unsealedSecret)
                        .bind("id", unsealed.id())
                        .execute());
            }

            var rotated = WebhookKeys.of(newKey, oldKey);
            try (var after = fixture(Database.connect(TestDatabases.pool(name)), rotated)) {
                assertThat(storedSecrets(after.database)).hasSize(2).allSatisfy(row -> assertThat(row)
                        .startsWith("khs1." + rotated.currentKeyId() + "."));

                after.paid("ROTATED-1", SandboxProvider.SUCCESS_CARD);

                assertThat(verifiedDeliveries(sealedReceiver, sealedSecret)).isOne();
                assertThat(verifiedDeliveries(unsealedReceiver, unsealedSecret)).isOne();
            }

            try (var database = Database.connect(TestDatabases.pool(name))) {
                assertThatThrownBy(() -> fixture(database, WebhookKeys.of(oldKey)))
                        .as("a replica missing the newest key does not start")
                        .hasMessageContaining("sealed under a key not configured");
            }
        }
    }

    @Test
    void withoutKeysTheWebhooksKitDoesNotStart() {
        try (var database = TestDatabases.fresh().migrate("events")) {
            assertThatThrownBy(() -> new WebhooksFeature(database, WebhookOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(WebhookKeys.ENVIRONMENT_VARIABLE);
        }
    }

    private static PaymentsFixture fixture(Database database, WebhookKeys keys) {
        var webhooks = WebhookOptions.defaults()
                .withPollInterval(Duration.ofMillis(50))
                .withPlainHttpAllowed(true)
                .withPrivateAddressesAllowed(true)
                .withSecretKeys(keys);
        return new PaymentsFixture(
                database, new SandboxProvider(), PaymentsOptions.defaults(), webhooks, Clock.systemUTC());
    }

    /** Waits for a delivery, verifies every one received with the endpoint's secret, and counts them. */
    private static int verifiedDeliveries(Receiver receiver, String secret) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received.isEmpty());
        var verifier = WebhookVerifier.of(WebhookSecret.parse(secret));
        receiver.received.forEach(delivery -> verifier.verify(delivery.headers(), delivery.body()));
        return receiver.received.size();
    }

    private static List<String> storedSecrets(Database database) {
        return Jdbi.create(database.dataSource()).withHandle(h -> h.createQuery("SELECT secret FROM events_secret")
                .mapTo(String.class)
                .list());
    }

    private static String newKey() {
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
