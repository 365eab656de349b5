package io.khidma.opendata.model;

import java.util.List;

/**
 * The counts of a dataset search's matches by publisher, theme, keyword (the 50 commonest) and
 * download format, most first; they count every match, not only the page.
 */
public record Facets(List<Facet> publisher, List<Facet> theme, List<Facet> keyword, List<Facet> format) {

    public Facets {
        publisher = publisher == null ? List.of() : List.copyOf(publisher);
        theme = theme == null ? List.of() : List.copyOf(theme);
        keyword = keyword == null ? List.of() : List.copyOf(keyword);
        format = format == null ? List.of() : List.copyOf(format);
    }
}
