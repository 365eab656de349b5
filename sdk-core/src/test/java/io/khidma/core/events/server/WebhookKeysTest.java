package io.khidma.core.events.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.events.WebhookSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookKeysTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B =
            Base64.getEncoder().encodeToString("b".repeat(32).getBytes());

    private final UUID endpoint = UUID.randomUUID();
    private final String secret = WebhookSecret.generate().encoded();

    @Test
    void aSealedSecretOpensForItsEndpointOnlyAndRevealsNothing() {
        var keys = WebhookKeys.of(KEY_A);

        var once = keys.seal(endpoint, secret);
        var twice = keys.seal(endpoint, secret);

        assertThat(once).startsWith("khs1." + keys.currentKeyId() + ".").doesNotContain(secret.substring(6));
        assertThat(once).as("a fresh nonce each time").isNotEqualTo(twice);
        assertThat(keys.open(endpoint, once)).isEqualTo(secret);
        assertThat(keys.open(endpoint, twice)).isEqualTo(secret);
        assertThatThrownBy(() -> keys.open(UUID.randomUUID(), once))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another endpoint's");
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        var keys = WebhookKeys.of(KEY_A);
        var sealed = keys.seal(endpoint, secret);
        var last = sealed.charAt(sealed.length() - 1);
        var altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> keys.open(endpoint, altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open(endpoint, "khs1." + keys.currentKeyId() + ".%%%"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void olderKeysOpenWhatTheySealedAndTheNewestSealsFromNowOn() {
        var before = WebhookKeys.of(KEY_A);
        var rotated = WebhookKeys.of(KEY_B, KEY_A);
        var sealedBefore = before.seal(endpoint, secret);

        assertThat(rotated.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(rotated.isSealedWithCurrent(sealedBefore)).isFalse();
        assertThat(rotated.open(endpoint, sealedBefore)).isEqualTo(secret);
        assertThat(rotated.isSealedWithCurrent(rotated.seal(endpoint, secret))).isTrue();
        assertThatThrownBy(() -> WebhookKeys.of(KEY_B).open(endpoint, sealedBefore))
                .hasMessageContaining("sealed under a key not configured");
    }

    @Test
    void aSecretStoredBeforeSealingIsReadAsItIsUntilSealed() {
        var keys = WebhookKeys.of(KEY_A);

        assertThat(keys.open(endpoint, secret)).isEqualTo(secret);
        assertThat(keys.isSealedWithCurrent(secret)).isFalse();
    }

    @Test
    void keysMustBe32BytesOfBase64AndAreNeverPrinted() {
        assertThatThrownBy(() -> WebhookKeys.of(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> WebhookKeys.of("not base64!")).hasMessageContaining("base64");
        assertThatThrownBy(WebhookKeys::of).hasMessageContaining("at least one");
        assertThat(WebhookKeys.of(KEY_B, KEY_A).toString()).doesNotContain(KEY_A, KEY_B);
    }

    @Test
    void aKeyFileIsCreatedOwnerOnlyAndReadAgain(@TempDir Path dir) throws Exception {
        var file = dir.resolve("keys/webhook-keys");

        var first = WebhookKeys.fromEnvironmentOr(file);
        var again = WebhookKeys.fromEnvironmentOr(file);

        assertThat(again.currentKeyId()).isEqualTo(first.currentKeyId());
        assertThat(again.open(endpoint, first.seal(endpoint, secret))).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
