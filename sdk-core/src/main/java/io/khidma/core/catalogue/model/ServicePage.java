package io.khidma.core.catalogue.model;

import java.util.List;

/**
 * One page of search results; follow {@code next} until it is absent.
 *
 * @param items the services of this page
 * @param next the cursor of the next page, or {@code null} on the last
 * @param didYouMean when the query as typed found nothing: the query with its misspelled words
 *     corrected, in the query's own language, whose results {@code items} are; otherwise {@code null}
 */
public record ServicePage(List<PublicService> items, String next, String didYouMean) {
    public ServicePage {
        items = List.copyOf(items);
    }
}
