package io.khidma.requests.model;

import java.util.List;

/** An agency's consultants and vehicles, by id. */
public record FieldResourceList(List<FieldResource> items) {
    public FieldResourceList {
        items = List.copyOf(items);
    }
}
