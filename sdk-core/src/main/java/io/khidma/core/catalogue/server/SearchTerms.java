package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.text.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns texts into search terms, the same way for documents and queries, with Lucene's analyzers:
 * Arabic (normalises hamza and madda forms of alef, ta marbuta, alef maqsura, removes tashkeel and
 * tatweel, strips the definite article and common affixes) and English (possessives, stop words,
 * Porter stemming). Every text goes through both, so a query in either script, with or without
 * hamza, singular or plural, meets the document's terms.
 */
public final class SearchTerms {

    private static final Analyzer ARABIC = new ArabicAnalyzer();
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    private SearchTerms() {}

    /** The distinct terms of a text, letters and digits only (safe inside a tsquery). */
    public static Set<String> of(String text) {
        var terms = new LinkedHashSet<String>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        collect(ARABIC, text, terms);
        collect(ENGLISH, text, terms);
        return terms;
    }

    /** The distinct terms of a bilingual text, Arabic and English together. */
    public static Set<String> of(Text text) {
        var terms = new LinkedHashSet<String>();
        if (text != null) {
            terms.addAll(of(text.ar()));
            terms.addAll(of(text.en()));
        }
        return terms;
    }

    /** The terms a service is found by first: code, titles and keywords (weight A in the index). */
    public static String primary(PublicService service) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(of(service.code().replace('-', ' ')));
        terms.addAll(of(service.title()));
        service.keywords().forEach(k -> terms.addAll(of(k)));
        return String.join(" ", terms);
    }

    /** The terms a service is also found by: descriptions and events (weight B). */
    public static String secondary(PublicService service) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(of(service.description()));
        service.events().forEach(e -> terms.addAll(of(e.replace('-', ' '))));
        return String.join(" ", terms);
    }

    /**
     * A PostgreSQL tsquery that needs every word of the query, each in any of its analysed forms:
     * {@code (tjdyd) & (rkhs | rkhsh)}. Words that analyse to nothing (stop words, punctuation)
     * are dropped; {@code null} when none is left.
     */
    public static String query(String text) {
        if (text == null) {
            return null;
        }
        var words = new java.util.ArrayList<String>();
        for (var word : text.trim().split("\\s+")) {
            var forms = of(word);
            if (!forms.isEmpty()) {
                words.add("(" + String.join(" | ", forms) + ")");
            }
        }
        return words.isEmpty() ? null : String.join(" & ", words);
    }

    private static void collect(Analyzer analyzer, String text, Set<String> terms) {
        try (var stream = analyzer.tokenStream("text", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                var clean = term.toString()
                        .codePoints()
                        .filter(Character::isLetterOrDigit)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString();
                if (!clean.isEmpty()) {
                    terms.add(clean);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse text", e);
        }
    }
}
