package io.khidma.core.identity.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.khidma.core.identity.OidcClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JWT access tokens (RFC 9068) for a resource server with Nimbus' {@link
 * DefaultJWTProcessor}: signature against the issuer's JWKS with an allow-list of asymmetric
 * algorithms, {@code typ} JWT or {@code at+jwt}, {@code iss}, {@code aud}, {@code exp}, {@code nbf},
 * within a clock skew.
 *
 * <p>ES256 verification costs about a millisecond of CPU on Java 17, so a resource server that
 * re-verified each bearer token on every request would spend its CPU on signatures. Successful
 * validations are therefore cached: keyed by the SHA-256 of the whole token, bounded in size, never
 * past the token's {@code exp}, dropped when the key that signed the token leaves the JWKS; failures
 * are never cached. Each token's signature is verified once per replica.
 */
public final class AccessTokenValidator {

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final JWKSource<SecurityContext> keys;
    private final Clock clock;
    private final Duration clockSkew;
    private final int cacheSize;
    private final ConcurrentHashMap<ByteBuffer, Validated> cache = new ConcurrentHashMap<>();

    private record Validated(KhidmaPrincipal principal, String keyId) {}

    private AccessTokenValidator(Builder b) {
        this.keys = b.keys;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.cacheSize = b.cacheSize;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(b.algorithms, b.keys));
        var clock = b.clock;
        var verifier =
                new DefaultJWTClaimsVerifier<SecurityContext>(
                        b.audience,
                        new JWTClaimsSet.Builder().issuer(b.issuer).build(),
                        Set.of("sub", "exp", "iat"),
                        null) {
                    // Expiry is judged by the validator's clock, the same one its cache uses.
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew(Math.toIntExact(b.clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(verifier);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The principal the token stands for, from the cache when it was validated before. */
    public KhidmaPrincipal validate(String token) throws InvalidTokenException {
        var key = ByteBuffer.wrap(sha256(token));
        var known = cache.get(key);
        if (known != null) {
            if (clock.instant().isBefore(known.principal().expiresAt().plus(clockSkew)) && keyStillPublished(known)) {
                return known.principal();
            }
            cache.remove(key);
        }
        var validated = verify(token);
        if (cache.size() >= cacheSize) {
            // Bounded: make room by dropping an arbitrary entry; a dropped token is simply verified again.
            var victim = cache.keys().nextElement();
            cache.remove(victim);
        }
        cache.put(key, validated);
        return validated.principal();
    }

    private Validated verify(String token) throws InvalidTokenException {
        try {
            var jwt = SignedJWT.parse(token);
            var claims = processor.process(jwt, null);
            return new Validated(principalOf(claims), jwt.getHeader().getKeyID());
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a signed JWT", e);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("the signature could not be checked: " + e.getMessage(), e);
        }
    }

    private boolean keyStillPublished(Validated validated) {
        if (validated.keyId() == null) {
            return true;
        }
        try {
            var matcher = new JWKMatcher.Builder().keyID(validated.keyId()).build();
            return !keys.get(new JWKSelector(matcher), null).isEmpty();
        } catch (KeySourceException e) {
            // The key source failed even from its outage cache: verify afresh, which will say why.
            return false;
        }
    }

    private static KhidmaPrincipal principalOf(JWTClaimsSet claims) throws BadJOSEException {
        try {
            var subject = claims.getSubject();
            var clientId = claims.getStringClaim("client_id");
            var scope = claims.getStringClaim("scope");
            var scopes = scope == null
                    ? Set.<String>of()
                    : new HashSet<>(Arrays.asList(scope.trim().split("\\s+")));
            var kind = subject.equals(clientId) ? KhidmaPrincipal.Kind.AGENCY_CLIENT : KhidmaPrincipal.Kind.CITIZEN;
            return new KhidmaPrincipal(
                    subject,
                    kind,
                    clientId,
                    claims.getStringClaim("agency_id"),
                    scopes,
                    claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new BadJOSEException("a claim has the wrong type: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static final class Builder {
        private String issuer;
        private Set<String> audience;
        private JWKSource<SecurityContext> keys;
        private Set<JWSAlgorithm> algorithms = OidcClient.DEFAULT_ALGORITHMS;
        private Duration clockSkew = Duration.ofSeconds(60);
        private int cacheSize = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The issuer tokens must name in {@code iss}. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** The audiences this API accepts; a token must name one of them in {@code aud}. */
        public Builder audience(String... accepted) {
            this.audience = Set.of(accepted);
            return this;
        }

        /** The issuer's signing keys, e.g. {@code Jwks.defaults().source(jwksUri, transport)}. */
        public Builder keys(JWKSource<SecurityContext> source) {
            this.keys = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder algorithms(Set<JWSAlgorithm> allowed) {
            this.algorithms = Set.copyOf(allowed);
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** How many validated tokens are remembered; 10,000 by default. */
        public Builder cacheSize(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("cacheSize must be positive");
            }
            this.cacheSize = entries;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AccessTokenValidator build() {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(keys, "keys");
            return new AccessTokenValidator(this);
        }
    }

    /** For tests and metrics: how many validations are remembered now. */
    int cachedTokens() {
        return cache.size();
    }
}
