package io.khidma.core.events.model;

/**
 * A secret rotation: the old secret keeps signing beside the new one for {@code overlapSeconds}
 * (a day when absent; 0 retires it at once).
 */
public record SecretRotation(Long overlapSeconds) {

    public SecretRotation {
        overlapSeconds = overlapSeconds == null ? 86_400L : overlapSeconds;
        if (overlapSeconds < 0 || overlapSeconds > 604_800) {
            throw new IllegalArgumentException("overlap_seconds must be 0 to 604800 (a week)");
        }
    }
}
