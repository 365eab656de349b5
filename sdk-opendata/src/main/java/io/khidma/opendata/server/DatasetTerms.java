package io.khidma.opendata.server;

import io.khidma.core.catalogue.server.SearchTerms;
import io.khidma.core.text.Text;
import io.khidma.opendata.model.NewDataset;
import java.util.LinkedHashSet;
import java.util.Set;

/** The search terms of a dataset, analysed as the catalogue's services are, in Arabic and English. */
final class DatasetTerms {

    private DatasetTerms() {}

    /** Titles and keywords: what a dataset is found by first. */
    static String primary(NewDataset dataset) {
        var terms = new LinkedHashSet<String>();
        add(terms, dataset.title());
        dataset.keywords().forEach(k -> terms.addAll(SearchTerms.of(k)));
        return String.join(" ", terms);
    }

    /** Descriptions, themes and coverage: what it is also found by. */
    static String secondary(NewDataset dataset) {
        var terms = new LinkedHashSet<String>();
        add(terms, dataset.description());
        dataset.themes().forEach(t -> terms.addAll(SearchTerms.of(t)));
        terms.addAll(SearchTerms.of(dataset.spatial()));
        return String.join(" ", terms);
    }

    private static void add(Set<String> terms, Text text) {
        if (text != null) {
            terms.addAll(SearchTerms.of(text.ar()));
            terms.addAll(SearchTerms.of(text.en()));
        }
    }
}
