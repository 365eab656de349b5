package io.khidma.requests.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform's keys that sign issued documents: EC P-256 (ES256), newest first; the first signs.
 * They come from the deployment, never from the database: {@value #ENVIRONMENT_VARIABLE} holds a
 * JWK set with the private keys. The public half of every key that ever signed is published in the
 * JWKS ({@code GET /documents/keys}) and kept in the database, so documents signed before a
 * rotation, or on another replica, still verify. To rotate: put a new key first on every replica
 * and restart them; keep the old one in the set until all run so, then drop it (its public half
 * stays published). To withdraw a compromised key, delete its row from {@code
 * requests_signing_key}: what it signed no longer verifies.
 *
 * <pre>{@code
 * # a new key, with Nimbus: new ECKeyGenerator(Curve.P_256).keyID("doc-2027").generate()
 * KHIDMA_DOCUMENT_KEYS='{"keys":[{"kty":"EC","crv":"P-256","kid":"doc-2027","d":"...","x":"...","y":"..."}]}'
 * }</pre>
 */
public final class DocumentKeys {

    /** The environment variable with the private keys: a JWK set, newest first. */
    public static final String ENVIRONMENT_VARIABLE = "KHIDMA_DOCUMENT_KEYS";

    private final List<ECKey> newestFirst;
    /** Generated because none was configured: the server says so when it starts. */
    private final boolean generatedForProcess;

    private DocumentKeys(List<ECKey> newestFirst) {
        this(newestFirst, false);
    }

    private DocumentKeys(List<ECKey> newestFirst, boolean generatedForProcess) {
        if (newestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one document signing key is needed");
        }
        for (var key : newestFirst) {
            if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve()) || key.getKeyID() == null) {
                throw new IllegalArgumentException("a document signing key is a private P-256 key with a kid");
            }
        }
        this.newestFirst = List.copyOf(newestFirst);
        this.generatedForProcess = generatedForProcess;
    }

    /** The keys of a JWK set, newest first; only its private EC keys count. */
    public static DocumentKeys of(JWKSet keys) {
        return new DocumentKeys(keys.getKeys().stream()
                .filter(ECKey.class::isInstance)
                .map(ECKey.class::cast)
                .toList());
    }

    /** One new key: for tests and the sandbox; documents it signs verify only while it stays published. */
    public static DocumentKeys generate() {
        return new DocumentKeys(List.of(newKey()), false);
    }

    /**
     * The keys of {@value #ENVIRONMENT_VARIABLE}; when it is not set, a key generated for this
     * process, which the server warns about when it starts.
     */
    public static DocumentKeys fromEnvironment() {
        return fromVariable().orElseGet(() -> new DocumentKeys(List.of(newKey()), true));
    }

    /**
     * The keys of {@value #ENVIRONMENT_VARIABLE}; when it is not set, the key kept in {@code
     * keyFile} (a JWK set, readable by its owner only), made on first use: for a sandbox, whose
     * documents then verify with the same key across restarts.
     */
    public static DocumentKeys fromEnvironmentOr(Path keyFile) {
        var fromVariable = fromVariable();
        if (fromVariable.isPresent()) {
            return fromVariable.get();
        }
        try {
            if (Files.notExists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.createFile(
                        keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyFile, new JWKSet(newKey()).toString(false), StandardCharsets.UTF_8);
            }
            return of(JWKSet.parse(Files.readString(keyFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the document key file " + keyFile, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(keyFile + " is not a JWK set", e);
        }
    }

    private static Optional<DocumentKeys> fromVariable() {
        var value = System.getenv(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(JWKSet.parse(value)));
        } catch (ParseException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not a JWK set", e);
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("doc-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a document signing key", e);
        }
    }

    /** Whether the key was generated because none was configured. */
    boolean generatedForProcess() {
        return generatedForProcess;
    }

    /** The key that signs. */
    ECKey current() {
        return newestFirst.get(0);
    }

    /** The public halves, to publish. */
    List<ECKey> publicKeys() {
        return newestFirst.stream().map(ECKey::toPublicJWK).toList();
    }

    @Override
    public String toString() {
        return "DocumentKeys" + newestFirst.stream().map(ECKey::getKeyID).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentKeys keys && keys.newestFirst.equals(newestFirst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(newestFirst);
    }
}
