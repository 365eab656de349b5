package io.khidma.requests.model;

import java.util.Objects;

/** The consultant's device moves the visit on: {@code EN_ROUTE}, {@code ON_SITE}, {@code DONE} or {@code NO_SHOW}. */
public record VisitUpdate(VisitStatus status, String note) {
    public VisitUpdate {
        Objects.requireNonNull(status, "status");
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note must be at most 2000 characters");
        }
    }
}
