package io.khidma.benchmarks.catalogue;

import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.server.Database;
import io.khidma.core.text.Text;
import java.util.List;
import java.util.Locale;

/**
 * The reference: PostgreSQL's own full-text search over the same services, with no application
 * analysis. Arabic texts through the {@code arabic} configuration (Snowball's Arabic stemmer),
 * English through {@code english}; titles, codes and keywords weigh A, descriptions B; a GIN index;
 * a query matches when all its words match under either configuration ({@code
 * websearch_to_tsquery}), ranked by {@code ts_rank}.
 *
 * <p>{@link #correctedPage} adds what PostgreSQL's documentation gives for misspellings ({@code
 * pg_trgm}, "Text Search Integration"): a table of the texts' words from {@code ts_stat} with a
 * trigram index; when a query matches nothing, each of its words is replaced by the most similar
 * word of that table, and the corrected query is searched again.
 */
final class PostgresFullText implements SearchQuality.Engine {

    static final String TABLE = """
            CREATE TABLE IF NOT EXISTS reference_service (
                code    text PRIMARY KEY,
                search  tsvector NOT NULL
            );
            CREATE INDEX IF NOT EXISTS reference_service_search ON reference_service USING gin (search);
            CREATE TABLE IF NOT EXISTS reference_word (word text PRIMARY KEY);
            CREATE INDEX IF NOT EXISTS reference_word_trigrams ON reference_word USING gist (word gist_trgm_ops)
            """;

    /** The words of every title, keyword and description, as pg_trgm's documentation builds them. */
    static final String WORDS = """
            INSERT INTO reference_word (word)
            SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', text) FROM reference_text')
            ON CONFLICT (word) DO NOTHING
            """;

    /**
     * For each word of a query, the most similar word of {@code reference_word} (itself when it is
     * one), or the word as typed when none is similar enough ({@code %}: similarity at least 0.3).
     */
    static final String NEAREST = """
            SELECT coalesce((SELECT w.word FROM reference_word w WHERE w.word % q.typed
                              ORDER BY w.word <-> q.typed LIMIT 1), q.typed)
              FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS q(typed, n)
             ORDER BY q.n
            """;

    static final String INSERT = """
            INSERT INTO reference_service (code, search)
            VALUES (:code,
                    setweight(to_tsvector('arabic', :primaryAr), 'A') || setweight(to_tsvector('english', :primaryEn), 'A')
                    || setweight(to_tsvector('arabic', :secondaryAr), 'B')
                    || setweight(to_tsvector('english', :secondaryEn), 'B'))
            ON CONFLICT (code) DO NOTHING
            """;

    /** The same first page Khidma's search returns: the rows, their documents and rating counts. */
    static final String PAGE = """
            SELECT s.*, d.document,
                   (SELECT count(*) FROM catalogue_rating r WHERE r.service_id = s.id) AS ratings
              FROM (SELECT code, ts_rank(search, q) AS rank FROM reference_service,
                           CAST(websearch_to_tsquery('arabic', :q) || websearch_to_tsquery('english', :q) AS tsquery) AS q
                     WHERE search @@ q
                     ORDER BY rank DESC, code
                     LIMIT 21) hit
              JOIN catalogue_service s ON s.code = hit.code
              JOIN catalogue_service_document d ON d.service_id = s.id
             ORDER BY hit.rank DESC, hit.code
            """;

    static final String SEARCH = """
            SELECT code FROM reference_service,
                   CAST(websearch_to_tsquery('arabic', :q) || websearch_to_tsquery('english', :q) AS tsquery) AS q
             WHERE search @@ q
             ORDER BY ts_rank(search, q) DESC, code
             LIMIT :limit
            """;

    private final Database database;

    PostgresFullText(Database database, List<PublicService> services) {
        this.database = database;
        database.jdbi().useHandle(h -> {
            h.createScript(TABLE).execute();
            h.execute("CREATE TEMPORARY TABLE reference_text (text text)");
            var texts = h.prepareBatch("INSERT INTO reference_text VALUES (:text)");
            for (var service : services) {
                texts.bind(
                                "text",
                                String.join(
                                        " ",
                                        ar(service.title()),
                                        en(service.title()),
                                        ar(service.description()),
                                        en(service.description()),
                                        String.join(" ", service.keywords())))
                        .add();
            }
            texts.execute();
            h.execute(WORDS);
            h.execute("DROP TABLE reference_text");
            var batch = h.prepareBatch(INSERT);
            int pending = 0;
            for (var service : services) {
                var keywords = String.join(" ", service.keywords());
                batch.bind("code", service.code())
                        .bind("primaryAr", ar(service.title()) + " " + keywords)
                        .bind(
                                "primaryEn",
                                service.code().replace('-', ' ') + " " + en(service.title()) + " " + keywords)
                        .bind("secondaryAr", ar(service.description()))
                        .bind("secondaryEn", en(service.description()))
                        .add();
                if (++pending == 1000) {
                    batch.execute();
                    batch = h.prepareBatch(INSERT);
                    pending = 0;
                }
            }
            batch.execute();
        });
    }

    private static String ar(Text text) {
        return text == null || text.ar() == null ? "" : text.ar();
    }

    private static String en(Text text) {
        return text == null || text.en() == null ? "" : text.en();
    }

    /** The codes of the first page with its rows read in full, as a server would. */
    List<String> page(String query) {
        return database.jdbi().withHandle(h -> h.createQuery(PAGE)
                .bind("q", query)
                .map((rs, ctx) -> {
                    rs.getString("document");
                    return rs.getString("code");
                })
                .list());
    }

    /**
     * {@link #page}, and when the query matches nothing, the page of the query with each word
     * replaced by its most similar known word: one more query for the words and one more search.
     */
    List<String> correctedPage(String query) {
        var page = page(query);
        if (!page.isEmpty()) {
            return page;
        }
        var words = query.toLowerCase(Locale.ROOT).split("\\s+");
        List<String> nearest = database.jdbi().withHandle(h -> h.createQuery(NEAREST)
                .bind("words", words)
                .mapTo(String.class)
                .list());
        var corrected = String.join(" ", nearest);
        return corrected.equals(String.join(" ", words)) ? page : page(corrected);
    }

    @Override
    public SearchQuality.Answer search(String query) {
        return new SearchQuality.Answer(
                database.jdbi().withHandle(h -> h.createQuery(SEARCH)
                        .bind("q", query)
                        .bind("limit", SearchQuality.PAGE)
                        .mapTo(String.class)
                        .list()),
                false);
    }
}
