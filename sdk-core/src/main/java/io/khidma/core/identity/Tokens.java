package io.khidma.core.identity;

import java.util.Optional;

/**
 * What a completed login or refresh gives: the access token for APIs, the refresh token when the
 * provider issued one, and the validated ID token with the facts read from it.
 *
 * @param accessToken the bearer token for APIs and UserInfo
 * @param refreshToken the refresh token, or {@code null}
 * @param idToken the ID token (compact JWT), kept as a logout hint
 * @param subject the citizen's subject identifier
 * @param acr the authentication context class the provider reached, or {@code null}
 */
public record Tokens(AccessToken accessToken, String refreshToken, String idToken, String subject, String acr) {

    public Optional<String> refresh() {
        return Optional.ofNullable(refreshToken);
    }

    @Override
    public String toString() {
        return "Tokens[subject=" + subject + ", acr=" + acr + ", accessToken=" + accessToken + ", refreshToken="
                + (refreshToken == null ? "none" : "<redacted>") + ", idToken=<redacted>]";
    }
}
