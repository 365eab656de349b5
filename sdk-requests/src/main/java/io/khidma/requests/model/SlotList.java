package io.khidma.requests.model;

import java.util.List;

/** Slots by start time. */
public record SlotList(List<Slot> items) {
    public SlotList {
        items = List.copyOf(items);
    }
}
