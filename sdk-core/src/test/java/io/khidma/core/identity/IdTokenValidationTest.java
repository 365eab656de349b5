package io.khidma.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.khidma.core.http.CircuitBreakerOptions;
import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.Transport;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.server.KhidmaServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every ID token defect the relying party must refuse, against keys served over real HTTP. */
class IdTokenValidationTest {

    static final String ISSUER = "https://id.example.ae";
    static final String CLIENT = "rta-portal";
    static final String NONCE = "n-0S6_WzA2Mj";

    /** A provider's JWKS endpoint whose keys and availability the test controls. */
    @Path("/keys")
    public static final class KeysResource {
        volatile JWKSet keys;
        volatile boolean up = true;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        @GET
        @Produces("application/json")
        public Response jwks() {
            requests.incrementAndGet();
            if (!up) {
                refused.incrementAndGet();
                return Response.status(503).build();
            }
            return Response.ok(keys.toString()).build();
        }
    }

    static KeysResource keysResource;
    static KhidmaServer server;
    static Transport transport;
    static ECKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        keysResource = new KeysResource();
        server = KhidmaServer.builder().port(0).register(keysResource).start();
        transport = Transport.create(TransportOptions.builder()
                .retry(RetryOptions.none())
                .circuitBreaker(CircuitBreakerOptions.disabled())
                .build());
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @BeforeEach
    void freshKeys() throws Exception {
        signingKey = new ECKeyGenerator(Curve.P_256)
                .keyID("key-" + System.nanoTime())
                .generate();
        keysResource.keys = new JWKSet(signingKey.toPublicJWK());
        keysResource.up = true;
    }

    private OidcClient client(Jwks jwks) {
        return OidcClient.builder()
                .provider(new OidcProvider(
                        URI.create(ISSUER),
                        URI.create(ISSUER + "/authorize"),
                        URI.create(ISSUER + "/token"),
                        null,
                        server.uri().resolve("/keys"),
                        null))
                .clientAuthentication(ClientAuthentication.secretBasic(CLIENT, "secret"))
                .redirectUri(URI.create("https://portal.example.ae/callback"))
                .jwks(jwks)
                .transport(transport)
                .build();
    }

    private OidcClient client() {
        return client(new Jwks(Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofHours(1)));
    }

    static JWTClaimsSet.Builder validClaims() {
        var now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("citizen-1")
                .audience(CLIENT)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", NONCE);
    }

    static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    static String signed(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        var claims = validClaims();
        change.accept(claims);
        return sign(signingKey, claims.build());
    }

    private static void refused(OidcClient oidc, String token, String nonce) {
        assertThatThrownBy(() -> oidc.validateIdToken(token, nonce, null))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("invalid-id-token"));
    }

    @Test
    void aValidTokenIsAccepted() throws Exception {
        try (var oidc = client()) {
            assertThat(oidc.validateIdToken(signed(c -> {}), NONCE, null)
                            .getSubject()
                            .getValue())
                    .isEqualTo("citizen-1");
        }
    }

    @Test
    void aTamperedSignatureIsRefused() throws Exception {
        var token = signed(c -> {});
        var parts = token.split("\\.");
        var forgedPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(validClaims()
                        .subject("citizen-2")
                        .build()
                        .toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (var oidc = client()) {
            refused(oidc, parts[0] + "." + forgedPayload + "." + parts[2], NONCE);
        }
    }

    @Test
    void wrongIssuerAudienceExpiryAndIssueTimeAreRefused() throws Exception {
        var now = Instant.now();
        try (var oidc = client()) {
            refused(oidc, signed(c -> c.issuer("https://evil.example")), NONCE);
            refused(oidc, signed(c -> c.audience("another-client")), NONCE);
            refused(oidc, signed(c -> c.expirationTime(Date.from(now.minusSeconds(120)))), NONCE);
            refused(oidc, signed(c -> c.issueTime(Date.from(now.plusSeconds(300)))), NONCE);
        }
    }

    @Test
    void clockSkewWithinTheLimitIsTolerated() throws Exception {
        var now = Instant.now();
        try (var oidc = client()) {
            var justExpired = signed(c -> c.expirationTime(Date.from(now.minusSeconds(30))));
            assertThat(oidc.validateIdToken(justExpired, NONCE, null)).isNotNull();
        }
    }

    @Test
    void unsignedAndHmacWithThePublicKeyAreRefused() throws Exception {
        try (var oidc = client()) {
            refused(oidc, new PlainJWT(validClaims().build()).serialize(), NONCE);

            var hmac = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(signingKey.getKeyID())
                            .build(),
                    validClaims().build());
            hmac.sign(new MACSigner(signingKey.toPublicKey().getEncoded()));
            refused(oidc, hmac.serialize(), NONCE);
        }
    }

    @Test
    void aMissingOrWrongNonceIsRefused() throws Exception {
        try (var oidc = client()) {
            refused(oidc, signed(c -> c.claim("nonce", null)), NONCE);
            refused(oidc, signed(c -> c.claim("nonce", "another-login")), NONCE);
        }
    }

    @Test
    void severalAudiencesNeedAzpNamingThisClient() throws Exception {
        try (var oidc = client()) {
            refused(oidc, signed(c -> c.audience(List.of(CLIENT, "other"))), NONCE);
            refused(oidc, signed(c -> c.audience(List.of(CLIENT, "other")).claim("azp", "other")), NONCE);
            assertThat(oidc.validateIdToken(
                            signed(c -> c.audience(List.of(CLIENT, "other")).claim("azp", CLIENT)), NONCE, null))
                    .isNotNull();
        }
    }

    @Test
    void anAtHashOfAnotherAccessTokenIsRefused() throws Exception {
        var atHash = AccessTokenHash.compute(new BearerAccessToken("the-real-token"), JWSAlgorithm.ES256, null);
        var token = signed(c -> c.claim("at_hash", atHash.getValue()));
        try (var oidc = client()) {
            assertThat(oidc.validateIdToken(token, NONCE, "the-real-token")).isNotNull();
            assertThatThrownBy(() -> oidc.validateIdToken(token, NONCE, "a-swapped-token"))
                    .isInstanceOf(LoginException.class)
                    .hasMessageContaining("at_hash");
        }
    }

    @Test
    void anUnknownKeyIdIsRefusedAfterOneRefetch() throws Exception {
        var stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        try (var oidc = client()) {
            oidc.validateIdToken(signed(c -> {}), NONCE, null);
            int before = keysResource.requests.get();

            refused(oidc, sign(stranger, validClaims().build()), NONCE);
            assertThat(keysResource.requests.get() - before).isEqualTo(1);
        }
    }

    @Test
    void aRotatedInKeyValidatesWithoutRestart() throws Exception {
        try (var oidc = client()) {
            oidc.validateIdToken(signed(c -> {}), NONCE, null);

            var next = new ECKeyGenerator(Curve.P_256).keyID("next").generate();
            keysResource.keys = new JWKSet(List.of(signingKey.toPublicJWK(), next.toPublicJWK()));

            assertThat(oidc.validateIdToken(sign(next, validClaims().build()), NONCE, null))
                    .isNotNull();
        }
    }

    @Test
    void cachedKeysKeepValidatingWhileTheJwksEndpointIsDown() throws Exception {
        var shortCache = new Jwks(Duration.ofMillis(400), Duration.ofMillis(50), Duration.ofHours(1));
        try (var oidc = client(shortCache)) {
            var token = signed(c -> {});
            oidc.validateIdToken(token, NONCE, null);

            keysResource.up = false;
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(oidc.validateIdToken(token, NONCE, null)).isNotNull();
                        return keysResource.refused.get() > 0;
                    });
            assertThat(oidc.validateIdToken(token, NONCE, null))
                    .as("still valid after the cache expired with the endpoint down")
                    .isNotNull();
        }
    }
}
