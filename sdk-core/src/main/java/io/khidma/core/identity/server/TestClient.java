package io.khidma.core.identity.server;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A client registered with the {@link SandboxIdentityProvider}: an agency's web application (with
 * redirect URIs) or an agency's backend (client credentials), or both.
 *
 * @param clientId the client identifier
 * @param secret the secret for {@code client_secret_basic}, or {@code null}
 * @param publicKey the public key for {@code private_key_jwt}, or {@code null}
 * @param redirectUris where authorization responses may be sent: exact matches, except that a
 *     loopback IP address ({@code http://127.0.0.1} or {@code http://[::1]}) matches on any port, as
 *     RFC 8252 section 7.3 asks, so an application listening on a free port can log in
 * @param agencyId the agency the client belongs to, carried as {@code agency_id} in its tokens
 * @param scopes the scopes the client may obtain with client credentials
 * @param signWithRsa whether this client's ID tokens are signed RS256 instead of ES256
 */
public record TestClient(
        String clientId,
        String secret,
        JWK publicKey,
        Set<URI> redirectUris,
        String agencyId,
        Set<String> scopes,
        boolean signWithRsa) {

    public TestClient {
        Objects.requireNonNull(clientId, "clientId");
        if (secret == null && publicKey == null) {
            throw new IllegalArgumentException("a client needs a secret or a public key");
        }
        if (publicKey != null && publicKey.isPrivate()) {
            throw new IllegalArgumentException("register the client's public key, not its private key");
        }
        redirectUris = Set.copyOf(redirectUris);
        scopes = Set.copyOf(scopes);
    }

    /** A client authenticating with {@code client_secret_basic}. */
    public static TestClient withSecret(
            String clientId, String secret, String agencyId, Set<URI> redirectUris, Set<String> scopes) {
        return new TestClient(clientId, secret, null, redirectUris, agencyId, scopes, false);
    }

    /** A client authenticating with {@code private_key_jwt}. */
    public static TestClient withKey(
            String clientId, JWK publicKey, String agencyId, Set<URI> redirectUris, Set<String> scopes) {
        return new TestClient(clientId, null, publicKey, redirectUris, agencyId, scopes, false);
    }

    /**
     * Whether authorization responses may be sent to {@code redirect}: one of {@link #redirectUris()}
     * exactly, or one naming a loopback IP address that differs from it only in the port.
     */
    public boolean allowsRedirectTo(URI redirect) {
        if (redirect == null) {
            return false;
        }
        if (redirectUris.contains(redirect)) {
            return true;
        }
        return isLoopbackIp(redirect)
                && redirectUris.stream()
                        .anyMatch(registered -> isLoopbackIp(registered)
                                && registered.getHost().equals(redirect.getHost())
                                && Objects.equals(registered.getRawPath(), redirect.getRawPath())
                                && Objects.equals(registered.getRawQuery(), redirect.getRawQuery())
                                && registered.getRawFragment() == null
                                && redirect.getRawFragment() == null
                                && redirect.getRawUserInfo() == null);
    }

    private static boolean isLoopbackIp(URI uri) {
        return "http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()));
    }

    /** The same client, with ID tokens signed RS256. */
    public TestClient signingWithRsa() {
        return new TestClient(clientId, secret, publicKey, redirectUris, agencyId, scopes, true);
    }
}
