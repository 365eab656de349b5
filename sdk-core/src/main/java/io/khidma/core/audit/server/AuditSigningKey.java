package io.khidma.core.audit.server;

import io.khidma.core.audit.SignedNote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The Ed25519 key the platform signs audit checkpoints with. Give every replica the same key
 * ({@value #ENVIRONMENT_VARIABLE}: the base64 PKCS#8 encoding, e.g. {@code openssl genpkey
 * -algorithm ed25519 -outform DER | base64 -w0}) and publish its verifier key where auditors pin it.
 */
public final class AuditSigningKey {

    public static final String ENVIRONMENT_VARIABLE = "KHIDMA_AUDIT_KEY";

    private final KeyPair pair;
    private final boolean generatedForProcess;

    private AuditSigningKey(KeyPair pair, boolean generatedForProcess) {
        this.pair = pair;
        this.generatedForProcess = generatedForProcess;
    }

    /** A new key: for tests; checkpoints it signs verify only against its verifier key. */
    public static AuditSigningKey generate() {
        return new AuditSigningKey(newPair(), false);
    }

    /** The key of a base64 PKCS#8 Ed25519 private key. */
    public static AuditSigningKey of(String pkcs8Base64) {
        return new AuditSigningKey(pairOf(Base64.getDecoder().decode(pkcs8Base64.trim())), false);
    }

    /**
     * The key of {@value #ENVIRONMENT_VARIABLE}; when it is not set, one generated for this process,
     * which the server warns about: its checkpoints cannot be checked after a restart.
     */
    public static AuditSigningKey fromEnvironment() {
        var value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? new AuditSigningKey(newPair(), true) : of(value);
    }

    /**
     * The key of {@value #ENVIRONMENT_VARIABLE}; when it is not set, the one kept in {@code keyFile}
     * (readable by its owner only), made on first use: for a sandbox.
     */
    public static AuditSigningKey fromEnvironmentOr(Path keyFile) {
        var value = System.getenv(ENVIRONMENT_VARIABLE);
        if (value != null && !value.isBlank()) {
            return of(value);
        }
        try {
            if (Files.notExists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.createFile(
                        keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(
                        keyFile,
                        Base64.getEncoder()
                                .encodeToString(newPair().getPrivate().getEncoded()),
                        StandardCharsets.US_ASCII);
            }
            return of(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit key file " + keyFile, e);
        }
    }

    /** The C2SP verifier key of checkpoints this key signs under {@code origin}, for auditors to pin. */
    public String verifierKey(String origin) {
        return SignedNote.verifierKey(origin, pair.getPublic());
    }

    /** The checkpoint of a tree of {@code size} entries with {@code root}, signed under {@code origin}. */
    public String signCheckpoint(String origin, long size, byte[] root) {
        return SignedNote.sign(SignedNote.checkpoint(origin, size, root), origin, pair.getPrivate(), pair.getPublic());
    }

    /** The private key as {@value #ENVIRONMENT_VARIABLE} takes it: base64 PKCS#8. Keep it secret. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    boolean generatedForProcess() {
        return generatedForProcess;
    }

    private static KeyPair newPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM since 15 has Ed25519", e);
        }
    }

    /** The pair of a private key: the public key is derived, as Ed25519 allows. */
    private static KeyPair pairOf(byte[] pkcs8) {
        try {
            var factory = KeyFactory.getInstance("Ed25519");
            var privateKey = (EdECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            var seed = privateKey.getBytes().orElseThrow();
            // The JDK derives the public key when generating from a fixed seed.
            var generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            var pair = generator.generateKeyPair();
            Objects.requireNonNull(pair.getPublic());
            return new KeyPair(pair.getPublic(), privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key", e);
        }
    }

    /** Hands the generator the seed it is to use. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
