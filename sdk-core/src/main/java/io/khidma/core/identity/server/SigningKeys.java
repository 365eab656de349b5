package io.khidma.core.identity.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The sandbox provider's signing keys, with rotation done the safe way round: a new key pair is
 * published in the JWKS first ({@link #publishNext()}), starts signing later ({@link
 * #activateNext}), and the old pair leaves the JWKS last ({@link #retire}). Each step is told
 * to its recorder (the audit trail) before it takes effect.
 */
final class SigningKeys {

    private record Pair(JWK ec, JWK rsa) {}

    private final List<JWK> published = new ArrayList<>();
    private Pair active;
    private Pair next;
    /** The public half of {@link #published}, made again only when that changes: every token check reads it. */
    private volatile JWKSet publicKeys;

    SigningKeys() {
        active = generate();
        published.add(active.ec());
        published.add(active.rsa());
        republish();
    }

    synchronized JWK signing(JWSAlgorithm algorithm) {
        return JWSAlgorithm.RS256.equals(algorithm) ? active.rsa() : active.ec();
    }

    JWKSet publicKeys() {
        return publicKeys;
    }

    private void republish() {
        publicKeys = new JWKSet(published.stream().map(JWK::toPublicJWK).toList());
    }

    /**
     * Publishes a new key pair, not yet used to sign; returns the new key ids. {@code record} is
     * told the ids first: should it fail, nothing is published.
     */
    synchronized List<String> publishNext(Consumer<List<String>> record) {
        var pair = generate();
        var ids = List.of(pair.ec().getKeyID(), pair.rsa().getKeyID());
        record.accept(ids);
        next = pair;
        published.add(pair.ec());
        published.add(pair.rsa());
        republish();
        return ids;
    }

    /**
     * Signs with the published next pair from now on; returns the key ids that stopped signing.
     * {@code record} is told the ids that start signing first: should it fail, nothing changes.
     */
    synchronized List<String> activateNext(Consumer<List<String>> record) {
        if (next == null) {
            throw new IllegalStateException("publish the next keys before activating them");
        }
        record.accept(List.of(next.ec().getKeyID(), next.rsa().getKeyID()));
        var old = active;
        active = next;
        next = null;
        return List.of(old.ec().getKeyID(), old.rsa().getKeyID());
    }

    /**
     * Removes a key that no longer signs from the JWKS. {@code record} is told first: should it
     * fail, the key stays.
     */
    synchronized void retire(String keyId, Consumer<String> record) {
        if (keyId.equals(active.ec().getKeyID()) || keyId.equals(active.rsa().getKeyID())) {
            throw new IllegalStateException("key " + keyId + " still signs");
        }
        if (next != null
                && (keyId.equals(next.ec().getKeyID())
                        || keyId.equals(next.rsa().getKeyID()))) {
            throw new IllegalStateException("key " + keyId + " is the next to sign");
        }
        if (published.stream().noneMatch(key -> key.getKeyID().equals(keyId))) {
            throw new IllegalArgumentException("no published key " + keyId);
        }
        record.accept(keyId);
        published.removeIf(key -> key.getKeyID().equals(keyId));
        republish();
    }

    private static Pair generate() {
        try {
            var ec = new ECKeyGenerator(Curve.P_256)
                    .keyID("es256-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
            var rsa = new RSAKeyGenerator(2048)
                    .keyID("rs256-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            return new Pair(ec, rsa);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate signing keys", e);
        }
    }
}
