package io.khidma.requests.model;

import java.util.Objects;

/**
 * An agency's move of a request: to {@code IN_REVIEW}, {@code APPROVED}, {@code REJECTED} (with a
 * reason) or {@code WITHDRAWN} (with a reason).
 *
 * @param note for the timeline; the reason, for a rejection or a withdrawal
 */
public record Transition(RequestStatus status, String note) {

    public Transition {
        Objects.requireNonNull(status, "status");
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note must be at most 2000 characters");
        }
    }

    public static Transition to(RequestStatus status) {
        return new Transition(status, null);
    }

    public static Transition to(RequestStatus status, String note) {
        return new Transition(status, note);
    }
}
