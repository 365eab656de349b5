package io.khidma.requests.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A slot to publish: a time an area can be served, and how many visits it takes.
 *
 * @param priorityCapacity of those, the places held for the elderly and people of determination
 */
public record NewSlot(String area, Instant startsAt, Instant endsAt, int capacity, Integer priorityCapacity) {

    public NewSlot {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(startsAt, "starts_at");
        Objects.requireNonNull(endsAt, "ends_at");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("ends_at must be after starts_at");
        }
        if (capacity < 1 || capacity > 1000) {
            throw new IllegalArgumentException("capacity must be 1 to 1000");
        }
        if (priorityCapacity != null && (priorityCapacity < 0 || priorityCapacity > capacity)) {
            throw new IllegalArgumentException("priority_capacity must be 0 to capacity");
        }
    }

    public int priorityPlaces() {
        return priorityCapacity == null ? 0 : priorityCapacity;
    }
}
