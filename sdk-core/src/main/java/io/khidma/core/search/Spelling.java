package io.khidma.core.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Corrects the words of a query that are not in a vocabulary, within the edit limits of
 * Elasticsearch's {@code fuzziness: AUTO}: none for words of one or two letters, one edit for three
 * to five, two beyond, so that short words are never matched to unrelated ones. Edits are counted
 * as Damerau-Levenshtein (optimal string alignment): an insertion, a deletion, a substitution or
 * two neighbours swapped each count one. Candidates come from the vocabulary by trigram distance
 * ({@code pg_trgm}); the nearest by edits wins, then the word more services use.
 */
public final class Spelling {

    /** A word of the vocabulary: its normalised form, as it is usually written, and how many use it. */
    public record Word(String normalised, String display, int uses) {}

    private Spelling() {}

    /** The edits allowed for a word of {@code length} letters. */
    public static int allowedEdits(int length) {
        return length <= 2 ? 0 : length <= 5 ? 1 : 2;
    }

    /**
     * The query with its unknown words corrected, in the query's own words otherwise; empty when no
     * word needed or found a correction.
     *
     * @param query as typed
     * @param analysis normalises each word as the vocabulary is normalised
     * @param candidates for each normalised word, the vocabulary's nearest words (the word itself
     *     first when it is known)
     */
    public static Optional<String> correct(String query, SearchAnalysis analysis, Map<String, List<Word>> candidates) {
        var words = SearchAnalysis.words(query);
        var corrected = new ArrayList<String>(words.size());
        boolean changed = false;
        for (var word : words) {
            var normalised = analysis.normalise(word);
            var best = best(normalised, candidates.getOrDefault(normalised, List.of()));
            if (best.isPresent()) {
                // In the case the query was typed in: "vehical" gives "vehicle", not a title's "Vehicle".
                var display = best.get().display();
                corrected.add(word.equals(word.toLowerCase(Locale.ROOT)) ? display.toLowerCase(Locale.ROOT) : display);
                changed = true;
            } else {
                corrected.add(word);
            }
        }
        return changed ? Optional.of(String.join(" ", corrected)) : Optional.empty();
    }

    /**
     * The words of a text for a vocabulary: each normalised word of three letters or more, with
     * the first way the text writes it.
     */
    public static Map<String, String> words(String text, SearchAnalysis analysis) {
        var words = new LinkedHashMap<String, String>();
        if (text == null || text.isBlank()) {
            return words;
        }
        try (var tokenizer = new StandardTokenizer()) {
            var term = tokenizer.addAttribute(CharTermAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                var written = term.toString();
                var normalised = analysis.normalise(written);
                if (normalised.codePointCount(0, normalised.length()) >= 3
                        && normalised.codePoints().allMatch(Character::isLetter)) {
                    words.putIfAbsent(normalised, written);
                }
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the words of a text", e);
        }
        return words;
    }

    /** The words whose spelling {@link #correct} looks up: each word of the query, normalised. */
    public static List<String> lookups(String query, SearchAnalysis analysis) {
        return SearchAnalysis.words(query).stream()
                .map(analysis::normalise)
                .filter(w -> allowedEdits(w.codePointCount(0, w.length())) > 0)
                .distinct()
                .toList();
    }

    private static Optional<Word> best(String normalised, List<Word> nearest) {
        int allowed = allowedEdits(normalised.codePointCount(0, normalised.length()));
        if (allowed == 0 || nearest.stream().anyMatch(w -> w.normalised().equals(normalised))) {
            return Optional.empty();
        }
        return nearest.stream()
                .filter(w -> distance(normalised, w.normalised()) <= allowed)
                .min(Comparator.comparingInt((Word w) -> distance(normalised, w.normalised()))
                        .thenComparing(Comparator.comparingInt(Word::uses).reversed())
                        .thenComparing(Word::normalised));
    }

    /** Damerau-Levenshtein distance (optimal string alignment) over code points. */
    public static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length][y.length];
    }
}
