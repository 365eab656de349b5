package io.khidma.core.catalogue.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.AgencyKpi;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.RatingSummary;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.text.Text;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final String SELECT_SERVICE = "SELECT s.*, %s FROM catalogue_service s".formatted(STARS);

    /**
     * Parsed documents by service id and version. A version's document never changes, so this
     * cache is right on every replica whatever the others write; ratings and status are read
     * fresh from their columns each time.
     */
    private record DocumentKey(UUID id, int version) {}

    private static final int MAX_CACHED_DOCUMENTS = 50_000;

    private final ConcurrentHashMap<DocumentKey, PublicService> documents = new ConcurrentHashMap<>();
    private final Jdbi jdbi;

    CatalogueStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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

    /** The services with these ids that exist, in one query. */
    List<Stored> findAll(UUID[] ids) {
        return jdbi.withHandle(h -> withDocuments(
                h,
                h.createQuery(SELECT_SERVICE + " WHERE s.id = ANY(:ids)")
                        .bindArray("ids", UUID.class, (Object[]) ids)
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

    /** Inserts a new service; false when its code is taken. */
    boolean insert(PublicService service) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO catalogue_service
                                (id, code, agency_id, status, fully_digital, events, channels, search, version,
                                 last_modified)
                            VALUES (:id, :code, :agency, :status, :digital, :events, :channels,
                                    setweight(to_tsvector('simple', :primary), 'A')
                                        || setweight(to_tsvector('simple', :secondary), 'B'),
                                    1, :modified)
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
                            INSERT INTO catalogue_service_document (service_id, document)
                            VALUES (:id, CAST(:document AS jsonb))
                            """)
                    .bind("id", service.id())
                    .bind("document", document(service))
                    .execute();
            return true;
        });
    }

    /** Replaces a service if it is still at {@code version}; false when someone else got there first. */
    boolean update(PublicService service, int version) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE catalogue_service
                               SET code = :code, status = :status, fully_digital = :digital, events = :events,
                                   channels = :channels,
                                   search = setweight(to_tsvector('simple', :primary), 'A')
                                       || setweight(to_tsvector('simple', :secondary), 'B'),
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
            h.createUpdate(
                            "UPDATE catalogue_service_document SET document = CAST(:document AS jsonb) WHERE service_id = :id")
                    .bind("id", service.id())
                    .bind("document", document(service))
                    .execute();
            return true;
        });
    }

    private static Map<String, Object> columns(PublicService service) {
        var columns = new HashMap<String, Object>();
        columns.put("code", service.code());
        columns.put("status", service.status().name());
        columns.put("digital", service.fullyDigital());
        columns.put("events", service.events().toArray(String[]::new));
        columns.put("channels", channelNames(service).toArray(String[]::new));
        columns.put("primary", SearchTerms.primary(service));
        columns.put("secondary", SearchTerms.secondary(service));
        columns.put("modified", OffsetDateTime.ofInstant(service.lastModified(), ZoneOffset.UTC));
        return columns;
    }

    /**
     * One page of services matching the filters, ranked when {@code tsquery} is given. The cursor
     * is keyset: (rank, code) of the last hit, so later pages cost what the first does.
     */
    List<Hit> search(SearchQuery query, int limit) {
        // Documents are not read here: they come from the per-version cache, or from one more
        // query for the few this replica has not parsed yet.
        var sql = new StringBuilder("SELECT s.*, %s FROM (SELECT *, ".formatted(STARS));
        sql.append(query.tsquery() == null ? "0::real" : "ts_rank(search, to_tsquery('simple', :tsquery))");
        sql.append(" AS rank FROM catalogue_service WHERE status = 'ACTIVE'");
        if (query.tsquery() != null) {
            sql.append(" AND search @@ to_tsquery('simple', :tsquery)");
        }
        if (query.agency() != null) {
            sql.append(" AND agency_id = :agency");
        }
        if (query.event() != null) {
            sql.append(" AND events @> ARRAY[CAST(:event AS text)]");
        }
        if (query.channel() != null) {
            sql.append(" AND channels @> ARRAY[CAST(:channel AS text)]");
        }
        if (query.digital() != null) {
            sql.append(" AND fully_digital = :digital");
        }
        var rankExpression = query.tsquery() == null ? "0::real" : "ts_rank(search, to_tsquery('simple', :tsquery))";
        if (query.afterCode() != null) {
            sql.append(" AND (")
                    .append(rankExpression)
                    .append(" < CAST(:afterRank AS real) OR (")
                    .append(rankExpression)
                    .append(" = CAST(:afterRank AS real) AND code > :afterCode))");
        }
        sql.append(" ORDER BY rank DESC, code ASC LIMIT :limit) s ORDER BY s.rank DESC, s.code ASC");
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

    /** The rows as services, their documents from the cache or, for the ones missing, one query. */
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
                             WHERE s.id = ANY(:ids)
                            """)
                    .bindArray("ids", UUID.class, missing)
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
