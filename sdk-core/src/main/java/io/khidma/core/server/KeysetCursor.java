package io.khidma.core.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor on {@code (time, id)}: the position after which the next page starts.
 * Lists ordered by a timestamp and a unique id hand it out as {@code next} and take it back as
 * {@code cursor}; a cursor this API did not issue is a 400 {@code invalid-input}.
 */
public record KeysetCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code text}, or {@code null} when there is none. */
    public static KeysetCursor decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            var plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            var bar = plain.indexOf('|');
            return new KeysetCursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued");
        }
    }
}
