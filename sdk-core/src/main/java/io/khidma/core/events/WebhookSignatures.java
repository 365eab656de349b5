package io.khidma.core.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: HMAC-SHA256 of {@code <id>.<timestamp>.<body>}. One {@link Mac}
 * per thread and secret, so verifying does not look up a provider or expand a key on every call.
 */
final class WebhookSignatures {

    private final ThreadLocal<Mac> mac;

    WebhookSignatures(WebhookSecret secret) {
        var keySpec = new SecretKeySpec(secret.key(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                var instance = Mac.getInstance("HmacSHA256");
                instance.init(keySpec);
                return instance;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        });
    }

    byte[] sign(String id, long timestampSeconds, byte[] body) {
        var hmac = mac.get();
        hmac.update(id.getBytes(StandardCharsets.UTF_8));
        hmac.update((byte) '.');
        hmac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        hmac.update((byte) '.');
        hmac.update(body);
        return hmac.doFinal();
    }
}
