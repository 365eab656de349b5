package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.khidma.core.identity.LevelOfAssurance;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.testing.ManualClock;
import io.khidma.core.text.Text;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Authorization codes are single-use and die ten minutes after they were issued. */
class AuthorizationCodeExpiryTest {

    static final URI CALLBACK = URI.create("http://127.0.0.1:9/cb");

    @Test
    void aCodeOlderThanTenMinutesIsRefused() throws Exception {
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        var clock = new ManualClock();
        int port = KhidmaServer.findFreePort();
        var provider = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .citizen(new TestCitizen(
                        "c1", null, Text.of("مريم", "Maryam"), null, null, null, null, LevelOfAssurance.LOW))
                .client(TestClient.withSecret("app", "app-secret", "rta", Set.of(CALLBACK), Set.of()))
                .clock(clock)
                .build();
        try (var server = KhidmaServer.builder().port(port).register(provider).start()) {
            var http = HttpClient.newHttpClient();

            assertThat(exchange(http, server, code(http, server)).statusCode()).isEqualTo(200);

            var late = code(http, server);
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            var refused = exchange(http, server, late);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid_grant", "expired");
        }
    }

    private static final String VERIFIER = new CodeVerifier().getValue();

    private static String code(HttpClient http, KhidmaServer server) throws Exception {
        var challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(VERIFIER))
                .getValue();
        var authorize = server.uri()
                .resolve("/identity/authorize?response_type=code&client_id=app&scope=openid"
                        + "&nonce=n1&login_hint=c1&code_challenge_method=S256&code_challenge=" + challenge
                        + "&redirect_uri=" + URLEncoder.encode(CALLBACK.toString(), StandardCharsets.UTF_8));
        var redirect = http.send(HttpRequest.newBuilder(authorize).build(), BodyHandlers.discarding());
        var location = redirect.headers().firstValue("Location").orElseThrow();
        return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    private static java.net.http.HttpResponse<String> exchange(HttpClient http, KhidmaServer server, String code)
            throws Exception {
        var form = "grant_type=authorization_code&code=" + code + "&code_verifier=" + VERIFIER + "&redirect_uri="
                + URLEncoder.encode(CALLBACK.toString(), StandardCharsets.UTF_8);
        var basic = Base64.getEncoder().encodeToString("app:app-secret".getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve("/identity/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                BodyHandlers.ofString());
    }
}
