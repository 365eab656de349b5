package io.khidma.core.search;

import io.khidma.core.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How texts become search terms, the same way for what is searched and what is typed, so that a
 * query in either script, with or without hamza, in the singular or a broken plural, in US or UK
 * spelling, meets the terms of what it looks for. The terms are letters and digits only, safe
 * inside a PostgreSQL {@code tsquery}.
 *
 * <p>{@link #standard()} is what the catalogue and open data use; {@link #builder()} makes
 * variants without some of its parts, to measure what each part is worth.
 */
public interface SearchAnalysis {

    /** Arabic and English analysis with the word-form and synonym dictionaries: see {@link StandardAnalysis}. */
    static SearchAnalysis standard() {
        return StandardAnalysis.STANDARD;
    }

    static StandardAnalysis.Builder builder() {
        return new StandardAnalysis.Builder();
    }

    /**
     * A name for this analysis and its dictionaries, stored with what was analysed: text analysed
     * under another name is analysed again.
     */
    String name();

    /** The terms a text is found by, synonyms included. */
    Set<String> indexTerms(String text);

    /**
     * The terms of a text without synonyms: of one typed word (any of them matches it; empty for
     * stop words and punctuation), or of data that is searched by its own words, such as the rows of
     * a dataset.
     */
    Set<String> terms(String text);

    /**
     * A word as spelling correction compares it: lower case, Arabic letters normalised (hamza forms
     * of alef, ta marbuta, alef maqsura, no tashkeel or tatweel), not stemmed.
     */
    String normalise(String word);

    /** The terms of a bilingual text, Arabic and English together. */
    default Set<String> indexTerms(Text text) {
        var terms = new LinkedHashSet<String>();
        if (text != null) {
            terms.addAll(indexTerms(text.ar()));
            terms.addAll(indexTerms(text.en()));
        }
        return terms;
    }

    /**
     * A PostgreSQL tsquery that needs every word of the query, each in any of its forms: {@code
     * (tjdyd) & (rkhs | rkhsh)}. Words that analyse to nothing are dropped; {@code null} when none
     * is left.
     */
    default String tsquery(String query) {
        if (query == null) {
            return null;
        }
        var words = new ArrayList<String>();
        for (var word : words(query)) {
            var forms = terms(word);
            if (!forms.isEmpty()) {
                words.add("(" + String.join(" | ", forms) + ")");
            }
        }
        return words.isEmpty() ? null : String.join(" & ", words);
    }

    /** The words of a query as typed, split on white space. */
    static List<String> words(String query) {
        var words = new ArrayList<String>();
        for (var word : query.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
