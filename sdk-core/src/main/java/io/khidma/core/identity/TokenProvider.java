package io.khidma.core.identity;

/**
 * Supplies the bearer token for each call a client sends: the transport's authentication hook.
 *
 * <p>It is asked once per attempt, so a provider that caches and refreshes tokens (client
 * credentials, a citizen's refreshed session) hands a retried call a still-valid token.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenProvider {

    /** The token to send now. */
    AccessToken token();

    /** A provider that always sends the same token, for tests and short-lived scripts. */
    static TokenProvider of(String token) {
        var fixed = AccessToken.of(token);
        return () -> fixed;
    }
}
