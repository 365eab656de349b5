package io.khidma.opendata.server;

import io.khidma.core.search.SearchAnalysis;
import io.khidma.opendata.model.NewDataset;
import java.util.LinkedHashSet;
import java.util.Map;

/** The search terms of a dataset, analysed as the catalogue's services are, in Arabic and English. */
final class DatasetTerms {

    private DatasetTerms() {}

    /** The bindings of {@code DatasetStore}'s search columns: both weights and the analysis' name. */
    static Map<String, Object> columns(NewDataset dataset) {
        return Map.of(
                "primary", primary(dataset),
                "secondary", secondary(dataset),
                "analysedWith", SearchAnalysis.standard().name());
    }

    /** Titles and keywords: what a dataset is found by first. */
    static String primary(NewDataset dataset) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(SearchAnalysis.standard().indexTerms(dataset.title()));
        dataset.keywords().forEach(k -> terms.addAll(SearchAnalysis.standard().indexTerms(k)));
        return String.join(" ", terms);
    }

    /** Descriptions, themes and coverage: what it is also found by. */
    static String secondary(NewDataset dataset) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(SearchAnalysis.standard().indexTerms(dataset.description()));
        dataset.themes().forEach(t -> terms.addAll(SearchAnalysis.standard().indexTerms(t)));
        terms.addAll(SearchAnalysis.standard().indexTerms(dataset.spatial()));
        return String.join(" ", terms);
    }
}
