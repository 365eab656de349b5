package io.khidma.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.khidma.core.http.Transport;
import io.khidma.core.identity.server.AccessTokenValidator;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestCitizen;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.text.Text;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Set;

/**
 * A real server kit running the sandbox identity provider and a resource protected by the bearer
 * token filter, with the test citizens and clients the identity tests use.
 */
public final class SandboxIdentity implements AutoCloseable {

    public static final URI CALLBACK = URI.create("http://127.0.0.1:9/login/callback");

    public static final TestCitizen FATIMA = new TestCitizen(
            "citizen-fatima",
            "784-1990-1234567-1",
            Text.of("فاطمة أحمد المنصوري", "Fatima Ahmed Al Mansouri"),
            "ARE",
            "Female",
            "+971500000001",
            "fatima@example.ae",
            LevelOfAssurance.SUBSTANTIAL);

    public static final TestCitizen OMAR = new TestCitizen(
            "citizen-omar",
            "784-1985-7654321-2",
            Text.of("عمر خالد الشامسي", "Omar Khalid Al Shamsi"),
            "ARE",
            "Male",
            "+971500000002",
            "omar@example.ae",
            LevelOfAssurance.LOW);

    public static final String PORTAL_SECRET = "rta-portal-sandbox-secret";

    public final ECKey financeKey;
    public final SandboxIdentityProvider provider;
    public final AccessTokenValidator validator;
    public final KhidmaServer server;
    public final Transport transport = Transport.create();
    private final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public SandboxIdentity(Object... resources) {
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        try {
            financeKey = new ECKeyGenerator(Curve.P_256).keyID("dof-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        int port = KhidmaServer.findFreePort();
        var issuer = URI.create("http://127.0.0.1:" + port + "/identity");
        provider = SandboxIdentityProvider.builder()
                .issuer(issuer)
                .citizen(FATIMA)
                .citizen(OMAR)
                .client(TestClient.withSecret("rta-portal", PORTAL_SECRET, "rta", Set.of(CALLBACK), Set.of()))
                .client(TestClient.withKey(
                        "dubai-finance",
                        financeKey.toPublicJWK(),
                        "dof",
                        Set.of(CALLBACK),
                        Set.of("catalogue:read", "catalogue:write")))
                .client(TestClient.withSecret("reader", "reader-secret", "mohre", Set.of(), Set.of("catalogue:read")))
                .client(TestClient.withSecret(
                        "rta-backend", "rta-backend-secret", "rta", Set.of(), Set.of("catalogue:write")))
                .client(TestClient.withSecret(
                        "mohre-backend", "mohre-backend-secret", "mohre", Set.of(), Set.of("catalogue:write")))
                .client(TestClient.withSecret(
                        "services-council", "council-secret", "tec", Set.of(), Set.of("catalogue:journeys")))
                .client(TestClient.withSecret("rsa-portal", "rsa-secret", "rta", Set.of(CALLBACK), Set.of())
                        .signingWithRsa())
                .build();
        validator = AccessTokenValidator.builder()
                .issuer(issuer.toString())
                .audience(provider.audience())
                .keys(provider.localKeys())
                .build();
        var builder = KhidmaServer.builder().port(port).register(provider).register(new BearerTokenFilter(validator));
        for (var resource : resources) {
            builder.register(resource);
        }
        server = builder.start();
    }

    public OidcClient.Builder oidc(ClientAuthentication authentication) {
        return OidcClient.builder()
                .issuer(provider.issuer())
                .clientAuthentication(authentication)
                .redirectUri(CALLBACK)
                .profileMapping(ProfileMapping.uaePass())
                .transport(transport);
    }

    public ClientAuthentication portal() {
        return ClientAuthentication.secretBasic("rta-portal", PORTAL_SECRET);
    }

    /** What the browser does: follow the authorization URL and return where the provider redirects it. */
    public URI browse(URI authorizationUri) {
        try {
            var response = browser.send(HttpRequest.newBuilder(authorizationUri).build(), BodyHandlers.ofString());
            if (response.statusCode() != 303) {
                throw new IllegalStateException(
                        "expected a redirect, got " + response.statusCode() + ": " + response.body());
            }
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A full login of {@code citizen}: authorize, callback, code exchange, ID token validation. */
    public Tokens login(OidcClient oidc, TestCitizen citizen) {
        var request = oidc.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(citizen.subject()));
        return oidc.completeLogin(browse(request.uri()), request);
    }

    /**
     * A citizen's access token from a full login against a sandbox identity provider that another
     * test server mounts: the portal client's authorization request, the provider's redirect with a
     * code, the code exchange and the ID token's validation.
     */
    public static TokenProvider citizenLogin(
            SandboxIdentityProvider provider,
            ClientAuthentication portal,
            URI callback,
            Transport transport,
            TestCitizen citizen) {
        try (var oidc = OidcClient.builder()
                .issuer(provider.issuer())
                .clientAuthentication(portal)
                .redirectUri(callback)
                .profileMapping(ProfileMapping.uaePass())
                .transport(transport)
                .build()) {
            var request =
                    oidc.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(citizen.subject()));
            var response = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(HttpRequest.newBuilder(request.uri()).build(), BodyHandlers.discarding());
            var tokens = oidc.completeLogin(
                    URI.create(response.headers().firstValue("Location").orElseThrow()), request);
            return tokens::accessToken;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Client-credentials tokens of a client registered with a secret. */
    public ClientCredentialsTokenProvider tokensOf(String clientId, String secret) {
        return clientCredentials(ClientAuthentication.secretBasic(clientId, secret))
                .build();
    }

    public ClientCredentialsTokenProvider.Builder clientCredentials(ClientAuthentication authentication) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(provider.tokenEndpoint())
                .clientAuthentication(authentication)
                .transport(transport);
    }

    @Override
    public void close() {
        transport.close();
        server.close();
    }
}
