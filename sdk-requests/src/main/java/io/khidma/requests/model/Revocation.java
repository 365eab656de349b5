package io.khidma.requests.model;

/** Why an issued document stops being valid; shown to everyone who verifies it. */
public record Revocation(String reason) {
    public Revocation {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new IllegalArgumentException("reason must be 1-1000 characters");
        }
    }
}
