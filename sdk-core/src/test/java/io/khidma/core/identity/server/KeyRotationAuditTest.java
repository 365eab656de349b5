package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.testing.TestDatabases;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Each step of a signing-key rotation is in the audit trail, and a refused step is not. */
class KeyRotationAuditTest {

    @Test
    void publishActivateAndRetireAreRecordedInTurn() {
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        try (var database = TestDatabases.fresh()) {
            var provider = SandboxIdentityProvider.builder()
                    .issuer(URI.create("http://127.0.0.1:1/identity"))
                    .audit(database)
                    .build();

            assertThatThrownBy(provider::activateNextKeys).isInstanceOf(IllegalStateException.class);
            var published = provider.publishNextKeys();
            var stopped = provider.activateNextKeys();
            assertThatThrownBy(() -> provider.retireKey(published.get(0)))
                    .as("a key that signs stays")
                    .isInstanceOf(IllegalStateException.class);
            provider.retireKey(stopped.get(0));

            var entries = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT action || ' ' || resource_id FROM audit_entry ORDER BY seq")
                            .mapTo(String.class)
                            .list());
            assertThat(entries)
                    .containsExactly(
                            "identity.key.publish " + String.join(" ", published),
                            "identity.key.activate " + String.join(" ", published),
                            "identity.key.retire " + stopped.get(0));
            assertThat(provider.jwks())
                    .contains(published.get(0), stopped.get(1))
                    .doesNotContain(stopped.get(0));
        }
    }
}
