package io.khidma.core.identity;

import static io.khidma.core.identity.SandboxIdentity.CALLBACK;
import static io.khidma.core.identity.SandboxIdentity.FATIMA;
import static io.khidma.core.identity.SandboxIdentity.OMAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcLoginTest {

    static SandboxIdentity identity;
    static OidcClient portal;

    @BeforeAll
    static void start() {
        identity = new SandboxIdentity();
        portal = identity.oidc(identity.portal()).build();
    }

    @AfterAll
    static void stop() {
        portal.close();
        identity.close();
    }

    @Test
    void aCitizenLogsInOverHttpAndHerProfileIsRead() {
        var request = portal.authorizationRequest(AuthorizationOptions.defaults()
                .withLoginHint(FATIMA.subject())
                .withUiLocales("ar", "en")
                .withAcrValues("http://eidas.europa.eu/LoA/substantial"));
        assertThat(request.uri().getQuery())
                .contains(
                        "code_challenge_method=S256",
                        "ui_locales=ar",
                        "nonce=",
                        "state=",
                        "login_hint=",
                        "acr_values=");

        var callback = identity.browse(request.uri());
        assertThat(callback.getQuery()).contains("code=", "state=" + request.state());

        var tokens = portal.completeLogin(callback, request);
        assertThat(tokens.subject()).isEqualTo(FATIMA.subject());
        assertThat(tokens.acr()).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        assertThat(tokens.refresh()).isPresent();
        assertThat(tokens.accessToken().expiry()).isPresent();

        var profile = portal.userInfo(tokens);
        assertThat(profile.subject()).isEqualTo(FATIMA.subject());
        assertThat(profile.nationalIdNumber()).isEqualTo("784-1990-1234567-1");
        assertThat(profile.name().ar()).isEqualTo("فاطمة أحمد المنصوري");
        assertThat(profile.name().en()).isEqualTo("Fatima Ahmed Al Mansouri");
        assertThat(profile.gender()).isEqualTo("Female");
        assertThat(profile.mobile()).isEqualTo("+971500000001");
        assertThat(profile.email()).isEqualTo("fatima@example.ae");
        assertThat(profile.levelOfAssurance()).isEqualTo(LevelOfAssurance.SUBSTANTIAL);
    }

    @Test
    void theLevelMappingIsPerProvider() {
        var tokens = identity.login(portal, OMAR);
        assertThat(portal.userInfo(tokens).levelOfAssurance()).isEqualTo(LevelOfAssurance.LOW);

        try (var byAcr = identity.oidc(identity.portal())
                .profileMapping(ProfileMapping.standard())
                .build()) {
            var omar = identity.login(byAcr, OMAR);
            assertThat(byAcr.userInfo(omar).levelOfAssurance()).isEqualTo(LevelOfAssurance.LOW);
            assertThat(byAcr.userInfo(omar).name().en())
                    .as("standard claim names are not UAE PASS's")
                    .isNull();
        }
    }

    @Test
    void aClientAuthenticatingWithPrivateKeyJwtLogsIn() {
        try (var finance = identity.oidc(ClientAuthentication.privateKeyJwt("dubai-finance", identity.financeKey))
                .build()) {
            assertThat(identity.login(finance, FATIMA).subject()).isEqualTo(FATIMA.subject());
        }
    }

    @Test
    void idTokensSignedRs256ValidateToo() throws Exception {
        try (var rsa = identity.oidc(ClientAuthentication.secretBasic("rsa-portal", "rsa-secret"))
                .build()) {
            var tokens = identity.login(rsa, OMAR);
            assertThat(SignedJWT.parse(tokens.idToken())
                            .getHeader()
                            .getAlgorithm()
                            .getName())
                    .isEqualTo("RS256");
        }
    }

    @Test
    void withoutALoginHintTheProviderShowsABilingualChooser() throws Exception {
        var request = portal.authorizationRequest(AuthorizationOptions.defaults());
        var page = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(request.uri()).build(), BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("فاطمة أحمد المنصوري", "Fatima Ahmed Al Mansouri", "Omar Khalid Al Shamsi")
                .contains("login_hint=citizen-fatima");
    }

    @Test
    void aProviderErrorSurfacesAsALoginException() {
        var request = portal.authorizationRequest(AuthorizationOptions.defaults());
        var callback = URI.create(
                CALLBACK + "?error=access_denied&error_description=citizen+cancelled&state=" + request.state());

        assertThatThrownBy(() -> portal.completeLogin(callback, request))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("access_denied"))
                .hasMessageContaining("citizen cancelled");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        var request =
                portal.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(FATIMA.subject()));
        var callback = identity.browse(request.uri());
        var forged = URI.create(callback.toString().replace("state=" + request.state(), "state=forged"));

        assertThatThrownBy(() -> portal.completeLogin(forged, request))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("state-mismatch"));
    }

    @Test
    void aCodeWorksOnce() {
        var request =
                portal.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(FATIMA.subject()));
        var callback = identity.browse(request.uri());
        portal.completeLogin(callback, request);

        assertThatThrownBy(() -> portal.completeLogin(callback, request))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("invalid_grant"));
    }

    @Test
    void aWrongPkceVerifierIsRefused() {
        var request =
                portal.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(FATIMA.subject()));
        var callback = identity.browse(request.uri());
        var otherVerifier =
                portal.authorizationRequest(AuthorizationOptions.defaults()).codeVerifier();
        var tampered = new LoginRequest(request.uri(), request.state(), request.nonce(), otherVerifier);

        assertThatThrownBy(() -> portal.completeLogin(callback, tampered))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("invalid_grant"))
                .hasMessageContaining("code_verifier");
    }

    @Test
    void aRefreshTokenBuysNewTokensOnce() {
        var tokens = identity.login(portal, FATIMA);

        var refreshed = portal.refresh(tokens.refreshToken());
        assertThat(refreshed.subject()).isEqualTo(FATIMA.subject());
        assertThat(refreshed.accessToken().value())
                .isNotEqualTo(tokens.accessToken().value());
        assertThatThrownBy(() -> portal.refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        LoginException.class, e -> assertThat(e.reason()).isEqualTo("invalid_grant"));
    }

    @Test
    void logoutSendsTheBrowserBackWithItsState() throws Exception {
        var tokens = identity.login(portal, FATIMA);
        var logout = portal.logoutUri(tokens, CALLBACK, "bye-1");
        assertThat(logout.getQuery()).contains("id_token_hint=", "post_logout_redirect_uri=", "state=bye-1");

        var back = identity.browse(logout);
        assertThat(back).isEqualTo(URI.create(CALLBACK + "?state=bye-1"));
        assertThatThrownBy(() -> portal.refresh(tokens.refreshToken()))
                .as("logout ends the session's refresh token")
                .isInstanceOf(LoginException.class);
    }
}
