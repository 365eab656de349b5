package io.khidma.core.search;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Removes the conjunction و or ف in front of a preposition with the article (لل, بال, كال), which
 * neither Arabic stemmer removes together with what follows: {@code وللإيجارات} becomes {@code
 * للإيجارات}, which the stemmers then reduce. Only these clusters, and only when three letters or
 * more remain after them, so that a word beginning with those letters is left alone.
 */
final class ArabicConjunctionFilter extends TokenFilter {

    private static final String[] CLUSTERS = {"لل", "بال", "كال"};

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    ArabicConjunctionFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        int length = term.length();
        if (length > 1 && (term.charAt(0) == 'و' || term.charAt(0) == 'ف')) {
            for (var cluster : CLUSTERS) {
                if (length - 1 - cluster.length() >= 3 && startsWith(cluster, 1)) {
                    System.arraycopy(term.buffer(), 1, term.buffer(), 0, length - 1);
                    term.setLength(length - 1);
                    break;
                }
            }
        }
        return true;
    }

    private boolean startsWith(String cluster, int at) {
        for (int i = 0; i < cluster.length(); i++) {
            if (term.charAt(at + i) != cluster.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
