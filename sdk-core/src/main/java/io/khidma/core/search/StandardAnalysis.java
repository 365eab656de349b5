package io.khidma.core.search;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter.StemmerOverrideMap;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Arabic and English in one Lucene chain, for texts that mix both:
 *
 * <ol>
 *   <li>Unicode word tokens, English possessives dropped, lower case, Arabic-Indic digits as 0-9;
 *   <li>Arabic and English stop words, and the words people wrap a question in ("how do I", "أريد");
 *   <li>the conjunctions و and ف in front of لل, بال or كال ({@link ArabicConjunctionFilter}), so
 *       that stacked prefixes come off: و + لل + رسوم;
 *   <li>Arabic normalisation (hamza forms of alef, ta marbuta as ha, alef maqsura as ya, no
 *       tashkeel or tatweel) and Lucene's light stemmer (Larkey's light10: the article and the
 *       prepositions with it, and common suffixes); Porter for English;
 *   <li>{@code word-forms.txt}: broken plurals to their singular (تصاريح → تصريح) and spelling
 *       variants to one form (license → licence), applied to stems by Lucene's {@link
 *       StemmerOverrideFilter};
 *   <li>{@code synonyms.txt}, on the searched side only: words that mean the same (رخصة / ترخيص,
 *       fine / penalty / violation, visa / تأشيرة), by Lucene's {@link SynonymGraphFilter}.
 * </ol>
 *
 * Both dictionaries are written for this project in natural words; they are analysed by the same
 * chain when loaded, so they follow any change of stemmer.
 *
 * <p>Snowball's Arabic stemmer (what PostgreSQL's {@code arabic} uses) can be chosen instead of or
 * beside the light one. On the catalogue's labelled queries, beside the light stemmer and the
 * conjunction filter it finds one more query before spelling correction, for more terms
 * per service; instead of them it loses text written with ه for ة.
 */
public final class StandardAnalysis implements SearchAnalysis {

    /** How Arabic words are stemmed. */
    public enum ArabicStemmer {
        /** Lucene's light stemmer (Larkey's light10): one prefix and one suffix. */
        LIGHT,
        /** Snowball's Arabic stemmer: stacked prefixes and suffixes, as PostgreSQL's {@code arabic} does. */
        SNOWBALL
    }

    /** Words that carry no meaning in a search, beyond Lucene's Arabic and English stop words. */
    private static final Set<String> QUESTION_WORDS = Set.of(
            "how", "what", "where", "when", "which", "who", "do", "does", "can", "i", "me", "my", "mine", "we", "our",
            "you", "your", "want", "need", "please", "online", "per", "كيف", "ماذا", "ما", "ماهي", "متى", "أين", "اين",
            "أريد", "اريد", "ابغى", "أبغى", "ابي", "أبي", "ممكن", "طريقة", "لو", "سمحت");

    private static final CharArraySet STOP_WORDS = stopWords();

    static final StandardAnalysis STANDARD = new Builder().build();

    /** Chooses the parts of an analysis; by default all of them, with the light Arabic stemmer. */
    public static final class Builder {
        private EnumSet<ArabicStemmer> stemmers = EnumSet.of(ArabicStemmer.LIGHT);
        private boolean conjunctions = true;
        private boolean wordForms = true;
        private boolean synonyms = true;

        Builder() {}

        /** The Arabic stemmers whose stems a word is found by: any of them matches. */
        public Builder stemmers(ArabicStemmer first, ArabicStemmer... more) {
            this.stemmers = EnumSet.of(first, more);
            return this;
        }

        public Builder conjunctions(boolean on) {
            this.conjunctions = on;
            return this;
        }

        public Builder wordForms(boolean on) {
            this.wordForms = on;
            return this;
        }

        public Builder synonyms(boolean on) {
            this.synonyms = on;
            return this;
        }

        public StandardAnalysis build() {
            return new StandardAnalysis(this);
        }
    }

    /** One chain per Arabic stemmer: its analyzer for the searched side and for queries. */
    private record Chain(Analyzer index, Analyzer query) {}

    private final String name;
    private final List<Chain> chains = new ArrayList<>();
    private final Analyzer normaliser;

    private StandardAnalysis(Builder parts) {
        var name = new StringBuilder("standard/");
        for (var stemmer : parts.stemmers) {
            chains.add(chain(stemmer, parts.conjunctions, parts.wordForms, parts.synonyms));
            name.append(stemmer.name().toLowerCase(Locale.ROOT)).append('+');
        }
        this.normaliser = analyzer(source -> new ArabicNormalizationFilter(
                new DecimalDigitFilter(new LowerCaseFilter(new EnglishPossessiveFilter(source)))));
        if (parts.conjunctions) {
            name.append("conjunctions+");
        }
        if (parts.wordForms) {
            name.append("forms+");
        }
        if (parts.synonyms) {
            name.append("synonyms+");
        }
        this.name = name.append(dictionaryDigest()).toString();
    }

    private static Chain chain(ArabicStemmer stemmer, boolean conjunctions, boolean wordForms, boolean synonyms) {
        Function<Tokenizer, TokenStream> stemmed = source -> stem(source, stemmer, conjunctions);
        var forms = wordForms ? wordForms(analyzer(stemmed)) : null;
        Function<Tokenizer, TokenStream> withForms =
                forms == null ? stemmed : source -> new StemmerOverrideFilter(stemmed.apply(source), forms);
        var query = analyzer(withForms);
        if (!synonyms) {
            return new Chain(query, query);
        }
        var synonymMap = synonyms(query);
        return new Chain(
                analyzer(source ->
                        new FlattenGraphFilter(new SynonymGraphFilter(withForms.apply(source), synonymMap, true))),
                query);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> indexTerms(String text) {
        var terms = new LinkedHashSet<String>();
        chains.forEach(chain -> terms.addAll(terms(chain.index(), text)));
        if (text != null && text.indexOf(' ') >= 0) {
            // The synonym filter takes the longest rule that matches: a phrase's synonyms
            // (رخصة تجارية: trade licence) hide its words' own (رخصة: ترخيص), so each word is
            // expanded alone as well.
            for (var word : SearchAnalysis.words(text)) {
                chains.forEach(chain -> terms.addAll(terms(chain.index(), word)));
            }
        }
        return terms;
    }

    @Override
    public Set<String> terms(String text) {
        var terms = new LinkedHashSet<String>();
        chains.forEach(chain -> terms.addAll(terms(chain.query(), text)));
        return terms;
    }

    @Override
    public String normalise(String word) {
        return String.join("", terms(normaliser, word));
    }

    private static TokenStream stem(Tokenizer source, ArabicStemmer stemmer, boolean conjunctions) {
        TokenStream stream = new EnglishPossessiveFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new DecimalDigitFilter(stream);
        stream = new StopFilter(stream, STOP_WORDS);
        if (conjunctions) {
            stream = new ArabicConjunctionFilter(stream);
        }
        if (stemmer == ArabicStemmer.LIGHT) {
            stream = new ArabicStemFilter(new ArabicNormalizationFilter(stream));
        } else {
            // Snowball reads ta marbuta and hamza to find affixes, so it sees the words as written
            // (it removes tashkeel and tatweel itself); its stems are normalised after.
            stream = new ArabicNormalizationFilter(
                    new SnowballFilter(stream, new org.tartarus.snowball.ext.ArabicStemmer()));
        }
        return new PorterStemFilter(stream);
    }

    private static Analyzer analyzer(Function<Tokenizer, TokenStream> chain) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                var source = new StandardTokenizer();
                return new TokenStreamComponents(source, chain.apply(source));
            }
        };
    }

    /** The distinct terms an analyzer makes of a text, letters and digits only (safe in a tsquery). */
    public static Set<String> terms(Analyzer analyzer, String text) {
        var terms = new LinkedHashSet<String>();
        if (text == null || text.isBlank()) {
            return terms;
        }
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
            throw new UncheckedIOException("cannot analyse text", e);
        }
        return terms;
    }

    private static CharArraySet stopWords() {
        var words = new CharArraySet(ArabicAnalyzer.getDefaultStopSet(), false);
        words.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        words.addAll(QUESTION_WORDS);
        return CharArraySet.unmodifiableSet(words);
    }

    /** {@code word-forms.txt}: each line a form, a tab, and the form it stands for, both stemmed here. */
    private static StemmerOverrideMap wordForms(Analyzer stemmed) {
        var builder = new StemmerOverrideFilter.Builder(false);
        try (var lines = new java.io.BufferedReader(dictionary("word-forms.txt"))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                var parts = line.split("\t");
                if (parts.length != 2) {
                    throw new IllegalStateException("word-forms.txt: not 'form<TAB>canonical': " + line);
                }
                var form = single(stemmed, parts[0]);
                var canonical = single(stemmed, parts[1]);
                if (!form.equals(canonical)) {
                    builder.add(form, canonical);
                }
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word-forms.txt", e);
        }
    }

    private static String single(Analyzer stemmed, String word) {
        var terms = terms(stemmed, word);
        if (terms.size() != 1) {
            throw new IllegalStateException("word-forms.txt: '" + word + "' is not one word: " + terms);
        }
        return terms.iterator().next();
    }

    /** {@code synonyms.txt} in Solr's format: each line words or phrases that mean the same. */
    private static SynonymMap synonyms(Analyzer analyzer) {
        try (var reader = dictionary("synonyms.txt")) {
            var parser = new SolrSynonymParser(true, true, analyzer);
            parser.parse(reader);
            return parser.build();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read synonyms.txt", e);
        }
    }

    private static Reader dictionary(String name) {
        var in = StandardAnalysis.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing search dictionary " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String dictionaryDigest() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var name : new String[] {"word-forms.txt", "synonyms.txt"}) {
                try (var in = StandardAnalysis.class.getResourceAsStream(name)) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest the search dictionaries", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
