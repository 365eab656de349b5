package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.model.DeliveryStatus;
import io.khidma.core.events.server.WebhookKeys;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.server.Database;
import io.khidma.core.testing.TestDatabases;
import io.khidma.payments.WebhookDeliveryTest.Receiver;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database from before webhooks moved out of payments into the platform's events kit: its
 * endpoints, secrets and delivery history move to the kit's tables, and the endpoints keep
 * receiving events signed with the secret the agency already holds.
 */
class WebhooksMovedToEventsTest {

    @Test
    void endpointsRegisteredWithPaymentsAreMovedWithTheirHistoryAndStillDelivered() throws Exception {
        var name = TestDatabases.createDatabase();
        var endpointId = UUID.randomUUID();
        var secret = WebhookSecret.generate().encoded();
        var at = Instant.parse("2026-10-01T08:00:00Z").atOffset(ZoneOffset.UTC);
        try (var receiver = new Receiver()) {
            try (var before = Database.connect(TestDatabases.pool(name))) {
                Flyway.configure()
                        .dataSource(before.dataSource())
                        .locations("classpath:db/migration/payments")
                        .table("flyway_payments_history")
                        .target("2")
                        .load()
                        .migrate();
                before.jdbi().useHandle(h -> {
                    h.createUpdate("""
                                    INSERT INTO webhook_endpoint (id, agency_id, url, event_types, created_at)
                                    VALUES (:id, 'rta', :url, ARRAY['payment.captured'], :at)
                                    """)
                            .bind("id", endpointId)
                            .bind("url", receiver.uri().toString())
                            .bind("at", at)
                            .execute();
                    // Stored as it was before secrets were sealed: the kit seals it on start.
                    h.createUpdate("INSERT INTO webhook_secret (endpoint_id, secret, created_at) VALUES (:id, :s, :at)")
                            .bind("id", endpointId)
                            .bind("s", secret)
                            .bind("at", at)
                            .execute();
                    h.createUpdate("""
                                    INSERT INTO webhook_event (id, type, agency_id, payment_id, payload, created_at)
                                    VALUES ('msg_old', 'payment.captured', 'rta', :payment, '{}'::bytea, :at)
                                    """)
                            .bind("payment", UUID.randomUUID())
                            .bind("at", at)
                            .execute();
                    h.createUpdate("""
                                    INSERT INTO webhook_delivery (id, event_id, endpoint_id, status, attempts, created_at)
                                    VALUES (:delivery, 'msg_old', :id, 'SUCCEEDED', 1, :at)
                                    """)
                            .bind("delivery", UUID.randomUUID())
                            .bind("id", endpointId)
                            .bind("at", at)
                            .execute();
                });
            }

            var options = WebhookOptions.defaults()
                    .withPollInterval(Duration.ofMillis(50))
                    .withPlainHttpAllowed(true)
                    .withPrivateAddressesAllowed(true)
                    .withSecretKeys(WebhookKeys.generate());
            try (var after = new PaymentsFixture(
                            Database.connect(TestDatabases.pool(name)),
                            new SandboxProvider(),
                            PaymentsOptions.defaults(),
                            options,
                            Clock.systemUTC());
                    var webhooks = after.webhooks(after.rta)) {
                var legacy = after.database.jdbi().withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'webhook\\_%'")
                        .mapTo(Integer.class)
                        .one());
                assertThat(legacy).as("the old tables are gone").isZero();
                assertThat(webhooks.get(endpointId).url()).isEqualTo(receiver.uri());
                assertThat(webhooks.deliveries(endpointId).stream())
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.messageId()).isEqualTo("msg_old");
                            assertThat(delivery.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                        });

                var paid = after.paid("MOVED-1", SandboxProvider.SUCCESS_CARD);

                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.stream()
                        .anyMatch(r -> r.bodyAs().data().payment().id().equals(paid.id())));
                var verifier = WebhookVerifier.of(WebhookSecret.parse(secret));
                receiver.received.forEach(delivery -> verifier.verify(delivery.headers(), delivery.body()));
            }
        }
    }

    @Test
    void aNewDatabaseKeepsNoOldWebhookTablesWhicheverModuleMigratesFirst() {
        for (var order : new String[][] {{"payments", "events"}, {"events", "payments"}}) {
            try (var database = TestDatabases.fresh().migrate(order[0]).migrate(order[1])) {
                var tables = database.jdbi()
                        .withHandle(h -> h.createQuery("""
                                SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables
                                 WHERE tablename LIKE 'webhook\\_%' OR tablename LIKE 'events\\_%'
                                """).mapTo(String.class).one());
                assertThat(tables)
                        .as("migrated " + order[0] + " first")
                        .isEqualTo("events_attempt,events_delivery,events_endpoint,events_outbox,events_secret");
            }
        }
    }
}
