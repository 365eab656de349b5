package io.khidma.core.http;

import java.util.Objects;

/**
 * A resource with the {@code ETag} of the version read, to send back as {@code If-Match} when
 * replacing it: a replace that lost a race then fails instead of overwriting someone's change.
 */
public record Versioned<T>(T value, String etag) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(etag, "etag");
    }
}
