package io.khidma.requests.model;

import java.util.Objects;
import java.util.UUID;

/** Move a visit to another slot of the same service. */
public record Reschedule(UUID slotId) {
    public Reschedule {
        Objects.requireNonNull(slotId, "slot_id");
    }
}
