package io.khidma.benchmarks.catalogue;

import io.khidma.core.search.SearchAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

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
        if (text != null && !text.isBlank()) {
            collect(ARABIC, text, terms);
            collect(ENGLISH, text, terms);
        }
        return terms;
    }

    @Override
    public String normalise(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    private static void collect(Analyzer analyzer, String text, Set<String> terms) {
        try (var stream = analyzer.tokenStream("text", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                var clean = term.codePoints()
                        .filter(Character::isLetterOrDigit)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString();
                if (!clean.isEmpty()) {
                    terms.add(clean);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
