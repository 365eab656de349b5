package io.khidma.requests.model;

import java.util.List;

/**
 * A service's bookable capacity: its areas and slots.
 *
 * @param priorityHoldHours how long before a slot starts its priority places are released to all;
 *     24 by default
 */
public record Capacity(Integer priorityHoldHours, List<Area> areas, List<NewSlot> slots) {

    public Capacity {
        if (priorityHoldHours != null && (priorityHoldHours < 0 || priorityHoldHours > 720)) {
            throw new IllegalArgumentException("priority_hold_hours must be 0 to 720");
        }
        areas = areas == null ? List.of() : List.copyOf(areas);
        slots = slots == null ? List.of() : List.copyOf(slots);
    }

    public int holdHours() {
        return priorityHoldHours == null ? 24 : priorityHoldHours;
    }
}
