package io.khidma.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer access token and, when known, when it expires. {@link #toString()} never shows the
 * token itself, so it is safe to log.
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("access token must not be blank");
        }
    }

    /** A token with no known expiry. */
    public static AccessToken of(String value) {
        return new AccessToken(value, null);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[value=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
