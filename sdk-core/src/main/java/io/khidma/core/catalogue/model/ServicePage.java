package io.khidma.core.catalogue.model;

import java.util.List;

/** One page of search results; follow {@code next} until it is absent. */
public record ServicePage(List<PublicService> items, String next) {
    public ServicePage {
        items = List.copyOf(items);
    }
}
