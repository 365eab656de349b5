package io.khidma.core.catalogue.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.AgencyKpi;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.RatingSummary;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.search.Spelling;
import io.khidma.core.text.Text;
import jakarta.ws.rs.core.EntityTag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of the catalogue. Parameters are always bound; nothing is concatenated from input. */
final class CatalogueStore {

    /** A stored service with its optimistic-concurrency version. */
    record Stored(PublicService service, int version) {
        EntityTag entityTag() {
            return new EntityTag(String.valueOf(version));
        }

        /** The ETag header's value: the version, quoted. */
        String etag() {
            return "\"" + version + "\"";
        }
    }

    /** A search hit with its rank, for the cursor. */
    record Hit(Stored stored, float rank) {}

    /**
     * Ratings per number of stars (1 to 5) of the row {@code s}, then how many are verified, read
     * in the same query as the service.
     */
    private static final String STARS = """
            (SELECT ARRAY[count(*) FILTER (WHERE stars = 1), count(*) FILTER (WHERE stars = 2),
                          count(*) FILTER (WHERE stars = 3), count(*) FILTER (WHERE stars = 4),
                          count(*) FILTER (WHERE stars = 5), count(*) FILTER (WHERE request_number IS NOT NULL)]
               FROM catalogue_rating WHERE service_id = s.id) AS stars""";

    /**
     * The search vector: terms of the title, code and keywords weigh most (A), then those of the
     * description and events (B); terms only a synonym of the title, code or keywords brings weigh
     * less (C), so that a service named by the very word ranks above one named by its synonym.
     * Descriptions bring no synonyms: measured on the labelled queries they add nothing, and they
     * would make every vector a third larger, which search at scale pays for on every match.
     */
    private static final String SEARCH_VECTOR = """
            setweight(to_tsvector('simple', :primary), 'A') || setweight(to_tsvector('simple', :secondary), 'B')
            || setweight(to_tsvector('simple', :synonyms), 'C')""";

    /** What a service's row contributes to a page besides its document. */
    private static final String ROW_COLUMNS = "s.id, s.version, s.status, s.last_modified";

    private static final String SELECT_SERVICE = "SELECT %s, %s FROM catalogue_service s".formatted(ROW_COLUMNS, STARS);

    /**
     * Parsed documents by service id and version. A version's document never changes, so this
     * cache is right on every replica whatever the others write; ratings and status are read
     * fresh from their columns each time.
     */
    private record DocumentKey(UUID id, int version) {}

    private static final int MAX_CACHED_DOCUMENTS = 50_000;

    private final ConcurrentHashMap<DocumentKey, PublicService> documents = new ConcurrentHashMap<>();
    private final Jdbi jdbi;
    private final SearchAnalysis analysis;

    private final AuditTrail audit;

    CatalogueStore(Jdbi jdbi, SearchAnalysis analysis, AuditTrail audit) {
        this.jdbi = jdbi;
        this.analysis = analysis;
        this.audit = audit;
    }

    void saveAgency(Agency agency) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO catalogue_agency (id, name_ar, name_en, level, emirate)
                        VALUES (:id, :ar, :en, :level, :emirate)
                        ON CONFLICT (id) DO UPDATE SET name_ar = :ar, name_en = :en, level = :level, emirate = :emirate
                        """)
                .bind("id", agency.id())
                .bind("ar", agency.name().ar())
                .bind("en", agency.name().en())
                .bind("level", agency.level().name())
                .bind("emirate", agency.emirate())
                .execute());
    }

    List<Agency> agencies() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM catalogue_agency ORDER BY id")
                .map(CatalogueStore::agency)
                .list());
    }

    Optional<Agency> agency(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM catalogue_agency WHERE id = :id")
                .bind("id", id)
                .map(CatalogueStore::agency)
                .findOne());
    }

    Optional<Stored> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_SERVICE + " WHERE s.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs, false))
                .findOne()
                .map(row -> withDocuments(h, List.of(row)).get(0)));
    }

    /**
     * The services with these ids that exist, in one query. The ids are bound one placeholder each,
     * as in {@link #priceable}: bound as one array, PostgreSQL's generic plan of the prepared
     * statement assumes ten of them, looks dearer than planning for the one or two at hand, and so
     * the statement was planned anew on every call.
     */
    List<Stored> findAll(UUID[] ids) {
        return jdbi.withHandle(h -> withDocuments(
                h,
                h.createQuery(SELECT_SERVICE + " WHERE s.id IN (<ids>)")
                        .bindList("ids", List.of(ids))
                        .map((rs, ctx) -> row(rs, false))
                        .list()));
    }

    /**
     * The services with these ids that exist, each with its agency's name, in one query: what fees
     * are priced from. Ratings are not read; a price does not depend on them.
     */
    Map<UUID, CatalogueService.Priceable> priceable(UUID[] ids) {
        return jdbi.withHandle(h -> {
            var agencyNames = new HashMap<UUID, Text>();
            var rows = h.createQuery("""
                            SELECT s.id, s.version, s.status, s.last_modified, a.name_ar, a.name_en
                              FROM catalogue_service s JOIN catalogue_agency a ON a.id = s.agency_id
                             WHERE s.id IN (<ids>)
                            """)
                    .bindList("ids", List.of(ids))
                    .map((rs, ctx) -> {
                        var id = rs.getObject("id", UUID.class);
                        agencyNames.put(id, new Text(rs.getString("name_ar"), rs.getString("name_en")));
                        return new Row(
                                id,
                                rs.getInt("version"),
                                ServiceStatus.valueOf(rs.getString("status")),
                                null,
                                rs.getObject("last_modified", OffsetDateTime.class)
                                        .toInstant(),
                                0);
                    })
                    .list();
            var found = new HashMap<UUID, CatalogueService.Priceable>();
            for (var stored : withDocuments(h, rows)) {
                var service = stored.service();
                found.put(service.id(), new CatalogueService.Priceable(service, agencyNames.get(service.id())));
            }
            return found;
        });
    }

    /** The services with these codes that exist, in one query (codes bound as {@link #findAll}'s ids). */
    List<Stored> findAllByCode(Collection<String> codes) {
        return jdbi.withHandle(h -> withDocuments(
                h,
                h.createQuery(SELECT_SERVICE + " WHERE s.code IN (<codes>)")
                        .bindList("codes", List.copyOf(codes))
                        .map((rs, ctx) -> row(rs, false))
                        .list()));
    }

    Optional<Stored> findByCode(String code) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_SERVICE + " WHERE s.code = :code")
                .bind("code", code)
                .map((rs, ctx) -> row(rs, false))
                .findOne()
                .map(row -> withDocuments(h, List.of(row)).get(0)));
    }

    /** Inserts a new service, recording {@code event} in the audit trail; false when its code is taken. */
    boolean insert(PublicService service, AuditEvent event) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO catalogue_service
                                (id, code, agency_id, status, fully_digital, events, audiences, channels, version,
                                 last_modified)
                            VALUES (:id, :code, :agency, :status, :digital, :events, :audiences, :channels, 1,
                                    :modified)
                            ON CONFLICT (code) DO NOTHING
                            """)
                    .bind("id", service.id())
                    .bind("agency", service.agencyId())
                    .bindMap(columns(service))
                    .execute();
            if (inserted == 0) {
                return false;
            }
            h.createUpdate("""
                            INSERT INTO catalogue_search (service_id, code, active, terms)
                            VALUES (:id, :code, CAST(:status AS text) = 'ACTIVE', %s)
                            """.formatted(SEARCH_VECTOR))
                    .bind("id", service.id())
                    .bindMap(columns(service))
                    .execute();
            var words = words(service);
            h.createUpdate("""
                            INSERT INTO catalogue_service_document (service_id, document, words, analysed_with)
                            VALUES (:id, CAST(:document AS jsonb), :words, :analysedWith)
                            """)
                    .bind("id", service.id())
                    .bind("document", document(service))
                    .bind("words", words.keySet().toArray(String[]::new))
                    .bind("analysedWith", analysis.name())
                    .execute();
            addWords(h, words);
            audit.record(h, event);
            return true;
        });
    }

    /**
     * Replaces a service if it is still at {@code version}, recording {@code event} in the audit
     * trail; false when someone else got there first.
     */
    boolean update(PublicService service, int version, AuditEvent event) {
        return jdbi.inTransaction(h -> {
            var before = h.createQuery("""
                            SELECT d.words FROM catalogue_service s JOIN catalogue_service_document d ON d.service_id = s.id
                             WHERE s.id = :id AND s.version = :version FOR UPDATE
                            """)
                    .bind("id", service.id())
                    .bind("version", version)
                    .mapTo(String[].class)
                    .findOne();
            if (before.isEmpty()) {
                return false;
            }
            int updated = h.createUpdate("""
                            UPDATE catalogue_service
                               SET code = :code, status = :status, fully_digital = :digital, events = :events,
                                   audiences = :audiences, channels = :channels,
                                   version = version + 1, last_modified = :modified
                             WHERE id = :id AND version = :version
                            """)
                    .bind("id", service.id())
                    .bind("version", version)
                    .bindMap(columns(service))
                    .execute();
            if (updated == 0) {
                return false;
            }
            h.createUpdate("""
                            UPDATE catalogue_search
                               SET code = :code, active = CAST(:status AS text) = 'ACTIVE', terms = %s
                             WHERE service_id = :id
                            """.formatted(SEARCH_VECTOR))
                    .bind("id", service.id())
                    .bindMap(columns(service))
                    .execute();
            var words = words(service);
            h.createUpdate("""
                            UPDATE catalogue_service_document
                               SET document = CAST(:document AS jsonb), words = :words, analysed_with = :analysedWith
                             WHERE service_id = :id
                            """)
                    .bind("id", service.id())
                    .bind("document", document(service))
                    .bind("words", words.keySet().toArray(String[]::new))
                    .bind("analysedWith", analysis.name())
                    .execute();
            changeWords(h, before.get(), words);
            audit.record(h, event);
            return true;
        });
    }

    /**
     * Analyses again the services whose terms another analysis made (or an earlier version of this
     * one): after an upgrade, every replica searches with the terms its queries are analysed by.
     */
    int reanalyse() {
        record Row(UUID id, String[] words, PublicService service) {}
        int done = 0;
        while (true) {
            int batch = jdbi.inTransaction(h -> {
                var rows = h.createQuery("""
                                SELECT s.id, d.words, d.document
                                  FROM catalogue_service s JOIN catalogue_service_document d ON d.service_id = s.id
                                 WHERE d.analysed_with <> :analysedWith
                                 ORDER BY s.id LIMIT 500 FOR UPDATE
                                """)
                        .bind("analysedWith", analysis.name())
                        .map((rs, ctx) -> new Row(
                                rs.getObject("id", UUID.class),
                                (String[]) rs.getArray("words").getArray(),
                                parse(rs.getString("document"))))
                        .list();
                for (var row : rows) {
                    var words = words(row.service());
                    h.createUpdate("UPDATE catalogue_search SET terms = %s WHERE service_id = :id"
                                    .formatted(SEARCH_VECTOR))
                            .bind("id", row.id())
                            .bindMap(searchTerms(row.service()))
                            .execute();
                    h.createUpdate("""
                                    UPDATE catalogue_service_document SET words = :words, analysed_with = :analysedWith
                                     WHERE service_id = :id
                                    """)
                            .bind("id", row.id())
                            .bind("words", words.keySet().toArray(String[]::new))
                            .bind("analysedWith", analysis.name())
                            .execute();
                    changeWords(h, row.words(), words);
                }
                return rows.size();
            });
            done += batch;
            if (batch < 500) {
                return done;
            }
        }
    }

    private Map<String, Object> columns(PublicService service) {
        var columns = new HashMap<String, Object>();
        columns.put("code", service.code());
        columns.put("status", service.status().name());
        columns.put("digital", service.fullyDigital());
        columns.put("events", service.events().toArray(String[]::new));
        columns.put("audiences", service.audiences().stream().map(Enum::name).toArray(String[]::new));
        columns.put("channels", channelNames(service).toArray(String[]::new));
        columns.putAll(searchTerms(service));
        columns.put("modified", OffsetDateTime.ofInstant(service.lastModified(), ZoneOffset.UTC));
        return columns;
    }

    /** The search vector's terms of a service, by weight: see {@link #SEARCH_VECTOR}. */
    private Map<String, Object> searchTerms(PublicService service) {
        var primary = new ArrayList<String>();
        primary.add(service.code().replace('-', ' '));
        primary.addAll(texts(service.title()));
        primary.addAll(service.keywords());
        var primaryTerms = new LinkedHashSet<String>();
        var synonyms = new LinkedHashSet<String>();
        for (var text : primary) {
            var own = analysis.terms(text);
            primaryTerms.addAll(own);
            synonyms.addAll(analysis.indexTerms(text));
        }
        synonyms.removeAll(primaryTerms);
        var secondary = new ArrayList<String>(texts(service.description()));
        service.events().forEach(e -> secondary.add(e.replace('-', ' ')));
        var secondaryTerms = new LinkedHashSet<String>();
        secondary.forEach(text -> secondaryTerms.addAll(analysis.terms(text)));
        secondaryTerms.removeAll(primaryTerms);
        return Map.of(
                "primary", String.join(" ", primaryTerms),
                "secondary", String.join(" ", secondaryTerms),
                "synonyms", String.join(" ", synonyms));
    }

    private static List<String> texts(Text text) {
        var texts = new ArrayList<String>(2);
        if (text != null) {
            if (text.ar() != null) {
                texts.add(text.ar());
            }
            if (text.en() != null) {
                texts.add(text.en());
            }
        }
        return texts;
    }

    /** The words of a service's titles, keywords and descriptions, normalised, each with how it is written. */
    private Map<String, String> words(PublicService service) {
        var words = new TreeMap<String, String>();
        var texts = new ArrayList<String>(service.keywords());
        texts.addAll(texts(service.title()));
        texts.addAll(texts(service.description()));
        texts.forEach(text -> Spelling.words(text, analysis).forEach(words::putIfAbsent));
        return words;
    }

    /** Counts a new service's words in the vocabulary. */
    private static void addWords(Handle h, Map<String, String> words) {
        if (words.isEmpty()) {
            return;
        }
        // Sorted, so that writers lock vocabulary rows in one order and never deadlock.
        h.createUpdate("""
                        INSERT INTO catalogue_word (word, display, services)
                        SELECT w, d, 1 FROM unnest(CAST(:words AS text[]), CAST(:displays AS text[])) AS t(w, d)
                         ORDER BY w
                        ON CONFLICT (word) DO UPDATE SET services = catalogue_word.services + 1
                        """)
                .bind("words", words.keySet().toArray(String[]::new))
                .bind("displays", words.values().toArray(String[]::new))
                .execute();
    }

    /** Moves a changed service's words in the vocabulary: the ones it no longer uses out, new ones in. */
    private static void changeWords(Handle h, String[] before, Map<String, String> after) {
        var removed = new TreeSet<>(Arrays.asList(before));
        removed.removeAll(after.keySet());
        var added = new TreeMap<>(after);
        Arrays.asList(before).forEach(added::remove);
        if (!removed.isEmpty()) {
            var gone = removed.toArray(String[]::new);
            h.createUpdate("DELETE FROM catalogue_word WHERE word = ANY(:words) AND services = 1")
                    .bind("words", gone)
                    .execute();
            h.createUpdate("UPDATE catalogue_word SET services = services - 1 WHERE word = ANY(:words)")
                    .bind("words", gone)
                    .execute();
        }
        addWords(h, added);
    }

    /**
     * For each word, the vocabulary's nearest words by trigram distance, nearest first, in one
     * query (a GiST nearest-neighbour scan per word).
     */
    Map<String, List<Spelling.Word>> nearestWords(List<String> words, int each) {
        var nearest = new HashMap<String, List<Spelling.Word>>();
        if (words.isEmpty()) {
            return nearest;
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT q.word AS typed, c.word, c.display, c.services
                          FROM unnest(CAST(:words AS text[])) AS q(word)
                          CROSS JOIN LATERAL (SELECT word, display, services FROM catalogue_word
                                               ORDER BY word <-> q.word LIMIT :each) c
                        """)
                .bind("words", words.toArray(String[]::new))
                .bind("each", each)
                .map((rs, ctx) -> {
                    nearest.computeIfAbsent(rs.getString("typed"), k -> new ArrayList<>())
                            .add(new Spelling.Word(
                                    rs.getString("word"), rs.getString("display"), rs.getInt("services")));
                    return true;
                })
                .list());
        return nearest;
    }

    /** Whether trigrams see Arabic letters here: they do only under a UTF-8 LC_CTYPE. */
    boolean trigramsReadArabic() {
        return jdbi.withHandle(h -> h.createQuery("SELECT cardinality(show_trgm('رخصة')) > 0")
                .mapTo(Boolean.class)
                .one());
    }

    /**
     * One page of services matching the filters, ranked when {@code tsquery} is given. The cursor
     * is keyset: (rank, code) of the last hit, so later pages cost what the first does.
     */
    List<Hit> search(SearchQuery query, int limit) {
        // Documents are not read here: they come from the per-version cache, or from one more
        // query for the few this replica has not parsed yet.
        boolean text = query.tsquery() != null;
        boolean filtered = query.agency() != null
                || query.event() != null
                || query.channel() != null
                || query.audience() != null
                || query.digital() != null;
        var sql = new StringBuilder("SELECT %s, hit.rank, %s FROM (".formatted(ROW_COLUMNS, STARS));
        if (text) {
            // Matches are ranked in catalogue_search, whose narrow rows cost little per match; the
            // service's own row is joined for filters only, and for the page after the limit. The
            // query is parsed once, in FROM: as an expression it would be parsed again for every
            // row once PostgreSQL switches the prepared statement to its generic plan.
            sql.append("SELECT x.service_id AS id, x.code, ts_rank(x.terms, q) AS rank FROM catalogue_search x");
            if (filtered) {
                sql.append(" JOIN catalogue_service f ON f.id = x.service_id");
            }
            sql.append(", to_tsquery('simple', :tsquery) AS q WHERE x.active AND x.terms @@ q");
        } else {
            sql.append("SELECT f.id, f.code, 0::real AS rank FROM catalogue_service f WHERE f.status = 'ACTIVE'");
        }
        if (query.agency() != null) {
            sql.append(" AND f.agency_id = :agency");
        }
        if (query.event() != null) {
            sql.append(" AND f.events @> ARRAY[CAST(:event AS text)]");
        }
        if (query.channel() != null) {
            sql.append(" AND f.channels @> ARRAY[CAST(:channel AS text)]");
        }
        if (query.audience() != null) {
            sql.append(" AND f.audiences @> ARRAY[CAST(:audience AS text)]");
        }
        if (query.digital() != null) {
            sql.append(" AND f.fully_digital = :digital");
        }
        var rank = text ? "ts_rank(x.terms, q)" : "0::real";
        var code = text ? "x.code" : "f.code";
        if (query.afterCode() != null) {
            sql.append(
                    " AND (%1$s < CAST(:afterRank AS real) OR (%1$s = CAST(:afterRank AS real) AND %2$s > :afterCode))"
                            .formatted(rank, code));
        }
        sql.append(" ORDER BY rank DESC, %s ASC LIMIT :limit) hit".formatted(code));
        sql.append(" JOIN catalogue_service s ON s.id = hit.id ORDER BY hit.rank DESC, hit.code ASC");
        return jdbi.withHandle(h -> {
            var statement = h.createQuery(sql.toString()).bind("limit", limit);
            if (query.tsquery() != null) {
                statement.bind("tsquery", query.tsquery());
            }
            if (query.agency() != null) {
                statement.bind("agency", query.agency());
            }
            if (query.event() != null) {
                statement.bind("event", query.event());
            }
            if (query.channel() != null) {
                statement.bind("channel", query.channel().name());
            }
            if (query.audience() != null) {
                statement.bind("audience", query.audience().name());
            }
            if (query.digital() != null) {
                statement.bind("digital", query.digital());
            }
            if (query.afterCode() != null) {
                statement.bind("afterRank", query.afterRank()).bind("afterCode", query.afterCode());
            }
            var rows = statement.map((rs, ctx) -> row(rs, true)).list();
            var services = withDocuments(h, rows);
            var hits = new ArrayList<Hit>();
            for (int i = 0; i < rows.size(); i++) {
                hits.add(new Hit(services.get(i), rows.get(i).rank()));
            }
            return hits;
        });
    }

    /**
     * Records a citizen's rating, replacing their earlier one, and returns the new summary. A rating
     * given for a completed request names it, and stays verified when the citizen rates again.
     */
    RatingSummary rate(UUID service, String citizen, Rating rating, String requestNumber, Instant at) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO catalogue_rating (service_id, citizen, stars, channel, comment, rated_at, request_number)
                            VALUES (:service, :citizen, :stars, :channel, :comment, :at, :request)
                            ON CONFLICT (service_id, citizen)
                            DO UPDATE SET stars = :stars, channel = :channel, comment = :comment, rated_at = :at,
                                          request_number = COALESCE(:request, catalogue_rating.request_number)
                            """)
                    .bind("request", requestNumber)
                    .bind("service", service)
                    .bind("citizen", citizen)
                    .bind("stars", rating.stars())
                    .bind("channel", rating.channel().name())
                    .bind("comment", rating.comment())
                    .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .execute();
            return h.createQuery("SELECT %s FROM (SELECT CAST(:id AS uuid) AS id) s".formatted(STARS))
                    .bind("id", service)
                    .map((rs, ctx) -> summary(rs.getArray("stars")))
                    .one();
        });
    }

    /** Active and fully digital services and their channels, per agency ({@code digitalShare} left to the caller). */
    List<AgencyKpi> kpis() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.id AS agency_id,
                               (SELECT count(*) FROM catalogue_service s
                                 WHERE s.agency_id = a.id AND s.status = 'ACTIVE') AS active,
                               (SELECT count(*) FROM catalogue_service s
                                 WHERE s.agency_id = a.id AND s.status = 'ACTIVE' AND s.fully_digital) AS digital,
                               (SELECT COALESCE(array_agg(DISTINCT c.channel), '{}')
                                  FROM catalogue_service s, unnest(s.channels) AS c(channel)
                                 WHERE s.agency_id = a.id AND s.status = 'ACTIVE') AS channels
                          FROM catalogue_agency a
                         ORDER BY a.id
                        """)
                .map((rs, ctx) -> new AgencyKpi(
                        rs.getString("agency_id"), rs.getLong("active"), rs.getLong("digital"), 0, channels((String[])
                                rs.getArray("channels").getArray())))
                .list());
    }

    private static List<ChannelType> channels(String[] names) {
        var set = new TreeSet<ChannelType>();
        Arrays.stream(names).map(ChannelType::valueOf).forEach(set::add);
        return List.copyOf(set);
    }

    private static RatingSummary summary(java.sql.Array stars) throws SQLException {
        var byStars = (Long[]) stars.getArray();
        long count = 0;
        long total = 0;
        for (int i = 0; i < 5; i++) {
            count += byStars[i];
            total += (i + 1) * byStars[i];
        }
        return count == 0
                ? RatingSummary.NONE
                : new RatingSummary(
                        count,
                        Math.round(total * 100.0 / count) / 100.0,
                        Arrays.asList(byStars).subList(0, 5),
                        byStars[5]);
    }

    /** A service row without its document. */
    private record Row(
            UUID id, int version, ServiceStatus status, RatingSummary rating, Instant modified, float rank) {}

    private static Row row(ResultSet rs, boolean ranked) throws SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getInt("version"),
                ServiceStatus.valueOf(rs.getString("status")),
                summary(rs.getArray("stars")),
                rs.getObject("last_modified", OffsetDateTime.class).toInstant(),
                ranked ? rs.getFloat("rank") : 0);
    }

    /**
     * The rows as services, their documents from the cache or, for the ones missing, one query
     * (their ids bound one placeholder each, as in {@link #findAll}).
     */
    private List<Stored> withDocuments(Handle h, List<Row> rows) {
        var missing = rows.stream()
                .filter(r -> !documents.containsKey(new DocumentKey(r.id(), r.version())))
                .map(Row::id)
                .toList();
        if (!missing.isEmpty()) {
            // Document and version change in one transaction, so they are read consistently here.
            h.createQuery("""
                            SELECT s.id, s.version, d.document
                              FROM catalogue_service s
                              JOIN catalogue_service_document d ON d.service_id = s.id
                             WHERE s.id IN (<ids>)
                            """)
                    .bindList("ids", missing)
                    .map((rs, ctx) -> {
                        cache(
                                new DocumentKey(rs.getObject("id", UUID.class), rs.getInt("version")),
                                parse(rs.getString("document")));
                        return true;
                    })
                    .list();
        }
        var services = new ArrayList<Stored>();
        for (var row : rows) {
            var written = documents.get(new DocumentKey(row.id(), row.version()));
            if (written == null) {
                // Changed between the two queries: take the newest version as a whole.
                services.add(find(row.id()).orElseThrow());
                continue;
            }
            services.add(new Stored(
                    written.withCatalogueFields(row.id(), row.status(), row.rating(), row.modified()), row.version()));
        }
        return services;
    }

    private void cache(DocumentKey key, PublicService written) {
        if (documents.size() >= MAX_CACHED_DOCUMENTS) {
            documents.remove(documents.keys().nextElement());
        }
        documents.put(key, written);
    }

    private static PublicService parse(String document) throws SQLException {
        try {
            return KhidmaJson.mapper().readValue(document, PublicService.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored service does not read back", e);
        }
    }

    private static Agency agency(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Agency(
                rs.getString("id"),
                new Text(rs.getString("name_ar"), rs.getString("name_en")),
                Agency.Level.valueOf(rs.getString("level")),
                rs.getString("emirate"));
    }

    private static List<String> channelNames(PublicService service) {
        return service.channels().stream().map(c -> c.type().name()).distinct().toList();
    }

    private static String document(PublicService service) {
        try {
            // Only what the agency wrote: the catalogue's own fields live in columns.
            return KhidmaJson.mapper().writeValueAsString(service.withCatalogueFields(null, null, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a service does not write as JSON", e);
        }
    }
}
