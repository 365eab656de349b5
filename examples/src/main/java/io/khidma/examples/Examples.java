package io.khidma.examples;

import io.khidma.core.identity.AuthorizationOptions;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.ProfileMapping;
import io.khidma.core.identity.TokenProvider;
import io.khidma.examples.sandbox.SandboxBrowser;
import java.net.URI;
import java.util.Locale;

/**
 * What every example needs: where the sandbox is, and the sandbox's test credentials of an agency.
 * Each example takes the sandbox's URL as its first argument, else {@code KHIDMA_SANDBOX}, else
 * {@code http://127.0.0.1:8080} (where the README's first command starts it).
 */
public final class Examples {

    public static final URI DEFAULT_SANDBOX = URI.create("http://127.0.0.1:8080/");

    private Examples() {}

    /** An amount in fils as dirhams, e.g. {@code 420.00 AED}. */
    public static String money(long fils) {
        return String.format(Locale.ROOT, "%d.%02d AED", fils / 100, fils % 100);
    }

    /** The sandbox's URL, from the first argument or the environment. */
    public static URI sandbox(String[] args) {
        if (args.length > 0) {
            return URI.create(args[0]);
        }
        var fromEnvironment = System.getenv("KHIDMA_SANDBOX");
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_SANDBOX : URI.create(fromEnvironment);
    }

    /**
     * Tokens for an agency's backend from the sandbox identity provider, with the OAuth 2.0 client
     * credentials grant; the sandbox's clients are {@code rta-portal}, {@code dof-payments} and
     * {@code mohre-tasheel}, each with the secret {@code <client>-sandbox-secret}. In production the
     * secret (or better, a private key for {@code private_key_jwt}) comes from a vault.
     */
    public static ClientCredentialsTokenProvider agencyTokens(URI sandbox, String clientId) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(sandbox.resolve("/identity/token"))
                .clientAuthentication(ClientAuthentication.secretBasic(clientId, clientId + "-sandbox-secret"))
                .build();
    }

    /**
     * A citizen's access token from a sandbox login: the portal {@code rta-portal} sends the browser
     * to the sandbox identity provider, which signs in the test citizen {@code subject} (e.g. {@code
     * citizen-fatima}) without a password. A real portal runs the same OpenID Connect flow against
     * UAE PASS.
     */
    public static TokenProvider citizenTokens(URI sandbox, String subject) {
        try (var oidc = OidcClient.builder()
                .issuer(sandbox.resolve("/identity"))
                .clientAuthentication(ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                .redirectUri(URI.create("http://127.0.0.1:3000/callback"))
                .profileMapping(ProfileMapping.uaePass())
                .build()) {
            var login =
                    oidc.authorizationRequest(AuthorizationOptions.defaults().withLoginHint(subject));
            var tokens = oidc.completeLogin(new SandboxBrowser().redirectOf(login.uri()), login);
            return tokens::accessToken;
        }
    }
}
