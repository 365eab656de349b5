package io.khidma.benchmarks.catalogue;

import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.search.StandardAnalysis;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * The catalogue's analysis before the search dictionaries, as the baseline: every text through
 * Lucene's stock {@link ArabicAnalyzer} and {@link EnglishAnalyzer}, the terms of both together.
 */
final class StockAnalysis implements SearchAnalysis {

    private static final Analyzer ARABIC = new ArabicAnalyzer();
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    @Override
    public String name() {
        return "lucene-stock";
    }

    @Override
    public Set<String> indexTerms(String text) {
        return terms(text);
    }

    @Override
    public Set<String> terms(String text) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(StandardAnalysis.terms(ARABIC, text));
        terms.addAll(StandardAnalysis.terms(ENGLISH, text));
        return terms;
    }

    @Override
    public String normalise(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
