package io.khidma.requests.model;

import java.util.List;

/** Visits by start time. */
public record VisitList(List<Visit> items) {
    public VisitList {
        items = List.copyOf(items);
    }
}
