package io.khidma.requests.model;

import java.util.List;

public record JourneyApplicationPage(List<JourneyApplication> items, String next) {

    public JourneyApplicationPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
