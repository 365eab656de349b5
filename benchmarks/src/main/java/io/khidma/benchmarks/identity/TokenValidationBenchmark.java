package io.khidma.benchmarks.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.server.AccessTokenValidator;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.KhidmaPrincipal;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Access token validation, Khidma against a bare Nimbus {@link DefaultJWTProcessor} with the same
 * key source and the same checks (allowed algorithms, typ, iss, aud, exp, required claims):
 *
 * <ul>
 *   <li>{@code *FirstTime}: each call validates a token not seen before (a pool of distinct tokens,
 *       and for Khidma a one-entry cache, so every call verifies a signature);
 *   <li>{@code *Repeated}: the same token on every call, for Khidma through {@link
 *       BearerTokenFilter#filter} on a real Jersey {@code ContainerRequest}.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenValidationBenchmark {

    private static final String ISSUER = "https://id.example.ae";
    private static final String AUDIENCE = "khidma";
    private static final int POOL = 512;

    @Param({"ES256", "RS256"})
    public String algorithm;

    private String[] distinct;
    private int next;
    private String repeated;
    private AccessTokenValidator firstTimeValidator;
    private DefaultJWTProcessor<SecurityContext> nimbus;
    private BearerTokenFilter filter;
    private ContainerRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var alg = JWSAlgorithm.parse(algorithm);
        JWK key = alg == JWSAlgorithm.ES256
                ? new ECKeyGenerator(Curve.P_256).keyID("k1").generate()
                : new RSAKeyGenerator(2048).keyID("k1").generate();
        var keys = new ImmutableJWKSet<SecurityContext>(new JWKSet(key.toPublicJWK()));

        distinct = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            distinct[i] = token(key, alg);
        }
        repeated = token(key, alg);

        nimbus = new DefaultJWTProcessor<>();
        nimbus.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(OidcClient.DEFAULT_ALGORITHMS, keys));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                Set.of(AUDIENCE), new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat"), null);
        verifier.setMaxClockSkew(60);
        nimbus.setJWTClaimsSetVerifier(verifier);

        firstTimeValidator = AccessTokenValidator.builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .keys(keys)
                .cacheSize(1)
                .build();
        filter = new BearerTokenFilter(AccessTokenValidator.builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .keys(keys)
                .build());
        request = new ContainerRequest(
                URI.create("http://localhost/"),
                URI.create("http://localhost/services"),
                "GET",
                ANONYMOUS,
                new MapPropertiesDelegate(),
                null);
        request.header("Authorization", "Bearer " + repeated);
    }

    /** What Grizzly hands Jersey for a plain-HTTP request before authentication. */
    private static final jakarta.ws.rs.core.SecurityContext ANONYMOUS = new jakarta.ws.rs.core.SecurityContext() {
        @Override
        public java.security.Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    };

    private static String token(JWK key, JWSAlgorithm alg) throws Exception {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("citizen-" + UUID.randomUUID())
                .claim("client_id", "rta-portal")
                .claim("scope", "catalogue:read")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(alg)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims);
        jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
        return jwt.serialize();
    }

    private String nextDistinct() {
        var token = distinct[next];
        next = (next + 1) % POOL;
        return token;
    }

    @Benchmark
    public KhidmaPrincipal khidmaFirstTime() throws Exception {
        return firstTimeValidator.validate(nextDistinct());
    }

    @Benchmark
    public JWTClaimsSet nimbusFirstTime() throws Exception {
        return nimbus.process(nextDistinct(), null);
    }

    @Benchmark
    public jakarta.ws.rs.core.SecurityContext khidmaRepeated() {
        filter.filter(request);
        return request.getSecurityContext();
    }

    @Benchmark
    public JWTClaimsSet nimbusRepeated() throws Exception {
        return nimbus.process(repeated, null);
    }
}
