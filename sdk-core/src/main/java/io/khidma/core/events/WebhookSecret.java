package io.khidma.core.events;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A webhook signing secret in the Standard Webhooks form {@code whsec_<base64 of the key>}. Its
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret must be 24 to 64 bytes, was " + key.length);
        }
        this.key = key.clone();
    }

    /** A new random 32-byte secret. */
    public static WebhookSecret generate() {
        var key = new byte[32];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** Reads {@code whsec_...} (the prefix is optional, as in the reference libraries). */
    public static WebhookSecret parse(String secret) {
        Objects.requireNonNull(secret, "secret");
        var encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            return new WebhookSecret(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
    }

    /** The {@code whsec_...} form, to hand to the receiving agency once. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && java.security.MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[<redacted>]";
    }
}
