package io.khidma.requests.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an open request stands against its service level: {@code on_track}, {@code due_soon} (less
 * than a quarter of the service's processing time left) or {@code breached} (past due).
 */
public enum SlaState {
    ON_TRACK,
    DUE_SOON,
    BREACHED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SlaState of(String wireName) {
        return Arrays.stream(values())
                .filter(s -> s.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sla must be on_track, due_soon or breached"));
    }

    /** For JAX-RS query parameters, which take an enum through {@code fromString} when it has one. */
    public static SlaState fromString(String wireName) {
        return of(wireName);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
