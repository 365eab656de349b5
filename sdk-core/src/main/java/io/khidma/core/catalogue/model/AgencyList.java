package io.khidma.core.catalogue.model;

import java.util.List;

/** Every agency in the catalogue. */
public record AgencyList(List<Agency> items) {
    public AgencyList {
        items = List.copyOf(items);
    }
}
