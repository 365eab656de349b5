package io.khidma.core.events.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt webhook signing secrets at rest. The platform must sign with the secret
 * itself, so it cannot keep only a hash; instead every secret is sealed with AES-256-GCM under the
 * newest key before it is stored, bound to its endpoint (a row copied to another endpoint does not
 * open), and opened only to sign a delivery. A database dump alone reveals no secret.
 *
 * <p>The keys come from the deployment, never from the database: {@value #ENVIRONMENT_VARIABLE}
 * holds one or more base64 keys of 32 bytes, comma-separated, newest first. On start the payments
 * server seals every secret under the first key; one sealed under a key it does not hold stops the
 * start. To rotate across replicas: add the new key after the current one on every replica; then
 * move it first, restarting each (the first restarted re-seals); drop the old key once all run so.
 *
 * <pre>{@code
 * openssl rand -base64 32   # a new key
 * }</pre>
 */
public final class WebhookKeys {

    /** The environment variable with the keys: base64, comma-separated, newest first. */
    public static final String ENVIRONMENT_VARIABLE = "KHIDMA_WEBHOOK_KEYS";

    private static final String PREFIX = "khs1.";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** By key id, newest first. */
    private final Map<String, SecretKeySpec> keys;

    private final String currentId;

    private WebhookKeys(List<byte[]> newestFirst) {
        if (newestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook key is needed");
        }
        var byId = new LinkedHashMap<String, SecretKeySpec>();
        for (var key : newestFirst) {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("a webhook key must be " + KEY_BYTES
                        + " bytes (base64 of `openssl rand 32`), got " + key.length);
            }
            byId.putIfAbsent(idOf(key), new SecretKeySpec(key, "AES"));
        }
        this.keys = byId;
        this.currentId = byId.keySet().iterator().next();
    }

    /** One new random key; for tests and first starts. */
    public static WebhookKeys generate() {
        return new WebhookKeys(List.of(randomKey()));
    }

    /** The given keys, base64, newest first. */
    public static WebhookKeys of(String... base64NewestFirst) {
        var decoded = new ArrayList<byte[]>();
        for (var key : base64NewestFirst) {
            try {
                decoded.add(Base64.getDecoder().decode(key.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook key must be base64", e);
            }
        }
        return new WebhookKeys(decoded);
    }

    /**
     * The keys in {@value #ENVIRONMENT_VARIABLE}.
     *
     * @throws IllegalStateException when it is not set
     */
    public static WebhookKeys fromEnvironment() {
        return fromVariable()
                .orElseThrow(
                        () -> new IllegalStateException("Webhook secrets are encrypted at rest and need a key: set "
                                + ENVIRONMENT_VARIABLE + " to one or more base64 keys of 32 bytes, newest first "
                                + "(openssl rand -base64 32), or pass WebhookOptions.withSecretKeys(...)"));
    }

    /**
     * The keys in {@value #ENVIRONMENT_VARIABLE} when it is set; otherwise the key in {@code keyFile},
     * created readable by its owner only when absent. For a single-machine server such as the sandbox,
     * whose key then lives beside its data; a production deployment sets the variable from its
     * secret store instead.
     */
    public static WebhookKeys fromEnvironmentOr(Path keyFile) {
        var fromVariable = fromVariable();
        if (fromVariable.isPresent()) {
            return fromVariable.get();
        }
        try {
            if (Files.notExists(keyFile)) {
                writeNewKey(keyFile);
            }
            return ofList(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the webhook key file " + keyFile, e);
        }
    }

    private static Optional<WebhookKeys> fromVariable() {
        var value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(ofList(value));
    }

    /** Keys written as a list: base64, comma-separated, newest first. */
    private static WebhookKeys ofList(String commaSeparated) {
        return of(commaSeparated.split(","));
    }

    private static void writeNewKey(Path keyFile) throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        try {
            Files.createFile(
                    keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(keyFile);
        }
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(randomKey()), StandardCharsets.US_ASCII);
    }

    /** The id of the key new secrets are sealed with: a digest prefix, which reveals nothing of it. */
    public String currentKeyId() {
        return currentId;
    }

    /** The secret sealed under the newest key, bound to its endpoint. */
    String seal(UUID endpointId, String secret) {
        var nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(endpointId.toString().getBytes(StandardCharsets.US_ASCII));
            var sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            var out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + currentId + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret a stored value holds. A value stored before secrets were sealed is returned as it
     * is, until {@link #isSealedWithCurrent} tells it to be sealed again.
     *
     * @throws IllegalStateException when the value was sealed under a key not held, or for another
     *     endpoint, or altered
     */
    String open(UUID endpointId, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        int dot = stored.indexOf('.', PREFIX.length());
        var key = dot < 0 ? null : keys.get(stored.substring(PREFIX.length(), dot));
        if (key == null) {
            throw new IllegalStateException(
                    "the webhook secret of endpoint " + endpointId + " was sealed under a key not configured");
        }
        try {
            var bytes = Base64.getUrlDecoder().decode(stored.substring(dot + 1));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(endpointId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the webhook secret of endpoint " + endpointId + " does not open: altered, or another endpoint's");
        }
    }

    /** Whether a stored value is sealed under the newest key, so needs no re-sealing. */
    boolean isSealedWithCurrent(String stored) {
        return stored.startsWith(PREFIX + currentId + ".");
    }

    @Override
    public String toString() {
        return "WebhookKeys[" + String.join(", ", keys.keySet()) + "]";
    }

    private static byte[] randomKey() {
        var key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String idOf(byte[] key) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
