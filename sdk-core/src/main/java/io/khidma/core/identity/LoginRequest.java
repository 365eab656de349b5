package io.khidma.core.identity;

import java.net.URI;
import java.util.Objects;

/**
 * A login in progress: send the browser to {@link #uri()}, and keep the rest in the citizen's
 * server-side session until the callback, where {@link OidcClient#completeLogin} checks it.
 *
 * @param uri the provider's authorization URL to redirect the browser to
 * @param state the anti-forgery value the callback must echo
 * @param nonce the value the ID token must carry
 * @param codeVerifier the PKCE secret (S256) that proves the code exchange comes from this client
 */
public record LoginRequest(URI uri, String state, String nonce, String codeVerifier) {

    public LoginRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
    }

    @Override
    public String toString() {
        return "LoginRequest[uri=" + uri + ", state=" + state + ", nonce=<redacted>, codeVerifier=<redacted>]";
    }
}
