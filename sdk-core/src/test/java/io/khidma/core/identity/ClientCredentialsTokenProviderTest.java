package io.khidma.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import io.khidma.core.testing.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientCredentialsTokenProviderTest {

    static SandboxIdentity identity;

    @BeforeAll
    static void start() {
        identity = new SandboxIdentity();
    }

    @AfterAll
    static void stop() {
        identity.close();
    }

    @Test
    void anAgencyTokenCarriesItsAgencyAndScopesAndIsCached() throws Exception {
        try (var tokens = identity.clientCredentials(
                        ClientAuthentication.privateKeyJwt("dubai-finance", identity.financeKey))
                .scopes("catalogue:write")
                .build()) {
            int before = identity.provider.tokenRequests();
            var first = tokens.token();
            var second = tokens.token();

            assertThat(second).isSameAs(first);
            assertThat(identity.provider.tokenRequests() - before).isEqualTo(1);
            var claims = SignedJWT.parse(first.value()).getJWTClaimsSet();
            assertThat(claims.getSubject()).isEqualTo("dubai-finance");
            assertThat(claims.getStringClaim("agency_id")).isEqualTo("dof");
            assertThat(claims.getStringClaim("scope")).isEqualTo("catalogue:write");
        }
    }

    @Test
    void fiftyConcurrentCallersCauseOneTokenRequest() throws Exception {
        var pool = Executors.newFixedThreadPool(50);
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretBasic("reader", "reader-secret"))
                .build()) {
            int before = identity.provider.tokenRequests();
            var start = new CountDownLatch(1);
            var calls = new java.util.ArrayList<Callable<AccessToken>>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> {
                    start.await();
                    return tokens.token();
                });
            }
            var futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            var seen = new HashSet<String>();
            for (Future<AccessToken> future : futures) {
                seen.add(future.get().value());
            }

            assertThat(seen).hasSize(1);
            assertThat(identity.provider.tokenRequests() - before).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenIsReplacedShortlyBeforeItExpires() {
        var clock = new ManualClock();
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretBasic("reader", "reader-secret"))
                .refreshBefore(Duration.ofSeconds(60))
                .clock(clock)
                .build()) {
            var first = tokens.token();
            clock.advance(Duration.ofMinutes(13));
            assertThat(tokens.token()).as("still more than a minute to go").isSameAs(first);

            clock.advance(Duration.ofMinutes(1).plusSeconds(30));
            var renewed = tokens.token();
            assertThat(renewed.value()).isNotEqualTo(first.value());
            assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
        }
    }

    @Test
    void aScopeTheClientMayNotHaveIsRefusedClearly() {
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretBasic("reader", "reader-secret"))
                .scopes("catalogue:write")
                .build()) {
            assertThatThrownBy(tokens::token).isInstanceOfSatisfying(LoginException.class, e -> assertThat(e.reason())
                    .isEqualTo("invalid_scope"));
        }
    }

    @Test
    void aWrongSecretIsRefusedClearly() {
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretBasic("reader", "wrong"))
                .build()) {
            assertThatThrownBy(tokens::token).isInstanceOfSatisfying(LoginException.class, e -> assertThat(e.reason())
                    .isEqualTo("invalid_client"));
        }
    }

    @Test
    void aReplayedClientAssertionIsRefused() throws Exception {
        var endpoint = identity.provider.tokenEndpoint();
        var assertion = (PrivateKeyJWT) ClientAuthentication.privateKeyJwt("dubai-finance", identity.financeKey)
                .forEndpoint(endpoint, Clock.systemUTC());
        var form = "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion.getClientAssertion().serialize();
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();

        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        var replay = http.send(request, BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("invalid_client", "replay");
    }

    @Test
    void aSecretInTheFormBodyIsAcceptedAsClientSecretPost() throws Exception {
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretPost("reader", "reader-secret"))
                .build()) {
            assertThat(SignedJWT.parse(tokens.token().value()).getJWTClaimsSet().getSubject())
                    .isEqualTo("reader");
        }
        try (var tokens = identity.clientCredentials(ClientAuthentication.secretPost("reader", "wrong"))
                .build()) {
            assertThatThrownBy(tokens::token).isInstanceOfSatisfying(LoginException.class, e -> assertThat(e.reason())
                    .isEqualTo("invalid_client"));
        }
        var discovery = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        identity.provider.issuer().toString().replaceAll("/$", "")
                                                + "/.well-known/openid-configuration"))
                                .build(),
                        BodyHandlers.ofString());
        assertThat(discovery.body()).contains("\"client_secret_post\"");
    }

    @Test
    void twoAuthenticationMethodsInOneRequestAreRefused() throws Exception {
        var endpoint = identity.provider.tokenEndpoint();
        var basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString("reader:reader-secret".getBytes(StandardCharsets.UTF_8));
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Authorization", basic)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&client_id=reader&client_secret=reader-secret"))
                                .build(),
                        BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request", "more than one");
    }
}
