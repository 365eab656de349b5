package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.json.KhidmaJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BearerTokenFilterTest {

    @Path("/agency")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class AgencyResource {
        @GET
        @Path("services")
        @RequiresScope("catalogue:write")
        public Map<String, Object> write(@Context SecurityContext security) {
            var principal = (KhidmaPrincipal) security.getUserPrincipal();
            LoggerFactory.getLogger(AgencyResource.class).info("services read");
            return Map.of(
                    "subject", principal.subject(),
                    "kind", principal.kind().name(),
                    "agency", principal.agency().orElse("none"));
        }

        @GET
        @Path("whoami")
        public Map<String, Object> whoami(@Context SecurityContext security) {
            var principal = security.getUserPrincipal();
            return Map.of("subject", principal == null ? "anonymous" : principal.getName());
        }
    }

    static SandboxIdentity identity;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        identity = new SandboxIdentity(new AgencyResource());
    }

    @AfterAll
    static void stop() {
        identity.close();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(identity.server.uri().resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return KhidmaJson.mapper().readTree(response.body());
    }

    private static String agencyToken(String clientId, String secret) {
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretBasic(clientId, secret))
                .build()) {
            return tokens.token().value();
        }
    }

    private static String financeToken() {
        try (var tokens = identity.clientCredentials(
                        ClientAuthentication.privateKeyJwt("dubai-finance", identity.financeKey))
                .build()) {
            return tokens.token().value();
        }
    }

    @Test
    void withoutATokenAProtectedOperationAnswers401WithABearerChallenge() throws Exception {
        var response = get("/agency/services", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("code").asText()).isEqualTo("unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"khidma\"");
    }

    @Test
    void anInvalidTokenAnswers401InvalidToken() throws Exception {
        var response = get("/agency/whoami", "not-a-jwt");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"khidma\", error=\"invalid_token\"");
    }

    @Test
    void aTokenSignedByAnotherKeyOrExpiredIsInvalid() throws Exception {
        var stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(identity.provider.issuer().toString())
                .audience(identity.provider.audience())
                .subject("dubai-finance")
                .claim("client_id", "dubai-finance")
                .claim("scope", "catalogue:write")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build();
        var forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("stranger").build(), claims);
        forged.sign(new ECDSASigner(stranger));

        assertThat(get("/agency/services", forged.serialize()).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheScopeAnswers403InsufficientScope() throws Exception {
        var response = get("/agency/services", agencyToken("reader", "reader-secret"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("code").asText()).isEqualTo("insufficient-scope");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"catalogue:write\"");
    }

    @Test
    void aValidAgencyTokenReachesTheResourceWithItsAgency() throws Exception {
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        var logger = (Logger) LoggerFactory.getLogger(AgencyResource.class);
        logger.addAppender(logs);
        HttpResponse<String> response;
        try {
            response = get("/agency/services", financeToken());
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("kind").asText()).isEqualTo("AGENCY_CLIENT");
        assertThat(json(response).get("agency").asText()).isEqualTo("dof");
        assertThat(logs.list).singleElement().satisfies(line -> assertThat(line.getMDCPropertyMap())
                .as("the request's lines say who called")
                .containsEntry("agency_id", "dof")
                .containsKey("client_id")
                .containsEntry(
                        "request_id",
                        response.headers().firstValue("X-Request-Id").orElseThrow()));
    }

    @Test
    void aCitizensTokenIsACitizenPrincipal() throws Exception {
        try (var portal = identity.oidc(identity.portal()).build()) {
            var tokens = identity.login(portal, SandboxIdentity.FATIMA);
            var response = get("/agency/whoami", tokens.accessToken().value());

            assertThat(json(response).get("subject").asText()).isEqualTo(SandboxIdentity.FATIMA.subject());
        }
        assertThat(json(get("/agency/whoami", null)).get("subject").asText()).isEqualTo("anonymous");
    }

    @Test
    void validationsAreCachedAndDroppedWhenTheirKeyIsRetired() throws Exception {
        var token = financeToken();
        assertThat(get("/agency/services", token).statusCode()).isEqualTo(200);
        int cached = identity.validator.cachedTokens();
        assertThat(get("/agency/services", token).statusCode()).isEqualTo(200);
        assertThat(identity.validator.cachedTokens())
                .as("the second call hit the cache")
                .isEqualTo(cached);

        identity.provider.publishNextKeys();
        var stopped = identity.provider.activateNextKeys();
        var fresh = financeToken();
        assertThat(get("/agency/services", fresh).statusCode())
                .as("signed by the new key")
                .isEqualTo(200);
        assertThat(get("/agency/services", token).statusCode())
                .as("old key still published")
                .isEqualTo(200);

        stopped.forEach(identity.provider::retireKey);
        assertThat(get("/agency/services", token).statusCode())
                .as("old key retired")
                .isEqualTo(401);
        assertThat(get("/agency/services", fresh).statusCode()).isEqualTo(200);
    }
}
