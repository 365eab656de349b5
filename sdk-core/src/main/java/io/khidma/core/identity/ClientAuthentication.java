package io.khidma.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * How a client proves who it is to a token endpoint.
 *
 * <ul>
 *   <li>{@link #secretBasic(String, String)}: {@code client_secret_basic}, what UAE PASS uses;
 *   <li>{@link #secretPost(String, String)}: {@code client_secret_post}, the secret in the form
 *       body, for providers that accept nothing else;
 *   <li>{@link #privateKeyJwt(String, JWK)}: {@code private_key_jwt} signed with ES256 (EC key) or
 *       RS256 (RSA key), what Singpass and GOV.UK One Login require. Each assertion lives one
 *       minute (the limit is two) and carries a fresh {@code jti}.
 * </ul>
 */
public sealed interface ClientAuthentication {

    /** The lifetime of a {@code private_key_jwt} assertion. */
    Duration ASSERTION_LIFETIME = Duration.ofMinutes(1);

    String clientId();

    static ClientAuthentication secretBasic(String clientId, String secret) {
        return new SecretBasic(clientId, secret);
    }

    static ClientAuthentication secretPost(String clientId, String secret) {
        return new SecretPost(clientId, secret);
    }

    /** {@code key} is the client's private EC (P-256) or RSA key, with its {@code kid}. */
    static ClientAuthentication privateKeyJwt(String clientId, JWK key) {
        return new PrivateKeyJwt(clientId, key);
    }

    /** The Nimbus authentication for one request to {@code endpoint}. */
    com.nimbusds.oauth2.sdk.auth.ClientAuthentication forEndpoint(URI endpoint, Clock clock);

    record SecretBasic(String clientId, String secret) implements ClientAuthentication {
        public SecretBasic {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public com.nimbusds.oauth2.sdk.auth.ClientAuthentication forEndpoint(URI endpoint, Clock clock) {
            return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
        }

        @Override
        public String toString() {
            return "SecretBasic[clientId=" + clientId + ", secret=<redacted>]";
        }
    }

    record SecretPost(String clientId, String secret) implements ClientAuthentication {
        public SecretPost {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public com.nimbusds.oauth2.sdk.auth.ClientAuthentication forEndpoint(URI endpoint, Clock clock) {
            return new ClientSecretPost(new ClientID(clientId), new Secret(secret));
        }

        @Override
        public String toString() {
            return "SecretPost[clientId=" + clientId + ", secret=<redacted>]";
        }
    }

    record PrivateKeyJwt(String clientId, JWK key) implements ClientAuthentication {
        public PrivateKeyJwt {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(key, "key");
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("private_key_jwt needs the private key");
            }
            if (!(key instanceof ECKey) && !(key instanceof RSAKey)) {
                throw new IllegalArgumentException("private_key_jwt needs an EC (ES256) or RSA (RS256) key");
            }
        }

        public JWSAlgorithm algorithm() {
            return key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        }

        @Override
        public com.nimbusds.oauth2.sdk.auth.ClientAuthentication forEndpoint(URI endpoint, Clock clock) {
            var now = clock.instant();
            var claims = new JWTAuthenticationClaimsSet(
                    new ClientID(clientId),
                    List.of(new Audience(endpoint.toString())),
                    Date.from(now.plus(ASSERTION_LIFETIME)),
                    Date.from(now),
                    Date.from(now),
                    new JWTID());
            try {
                PrivateKey signingKey =
                        key instanceof ECKey ec ? ec.toECPrivateKey() : ((RSAKey) key).toRSAPrivateKey();
                return new PrivateKeyJWT(claims, algorithm(), signingKey, key.getKeyID(), null);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign the client assertion", e);
            }
        }

        @Override
        public String toString() {
            return "PrivateKeyJwt[clientId=" + clientId + ", kid=" + key.getKeyID() + "]";
        }
    }
}
