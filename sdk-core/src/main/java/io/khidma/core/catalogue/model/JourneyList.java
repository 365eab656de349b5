package io.khidma.core.catalogue.model;

import java.util.List;

public record JourneyList(List<Journey> items) {

    public JourneyList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
