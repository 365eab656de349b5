package io.khidma.opendata.model;

import java.util.List;

/**
 * One page of a dataset search.
 *
 * @param next the cursor of the next page; {@code null} on the last
 * @param facets the counts of all matches by publisher, theme, keyword and format
 */
public record DatasetPage(List<Dataset> items, String next, Facets facets) {

    public DatasetPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
