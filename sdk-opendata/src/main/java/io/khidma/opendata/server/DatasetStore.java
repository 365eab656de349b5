package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.opendata.model.Facet;
import io.khidma.opendata.model.Facets;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The SQL of datasets and their versions (the data itself is {@link DataTable}'s). */
final class DatasetStore {

    /** A dataset with its optimistic-concurrency version. */
    record Stored(Dataset dataset, int version) {
        String etag() {
            return "\"" + version + "\"";
        }
    }

    /** A search hit with its rank, for the cursor. */
    record Hit(Stored stored, float rank) {}

    /**
     * How search terms are stored: titles and keywords weigh more than descriptions; the analysis
     * that made them is recorded beside them.
     */
    private static final String SEARCH =
            "setweight(to_tsvector('simple', :primary), 'A') || setweight(to_tsvector('simple', :secondary), 'B'),"
                    + " analysed_with = :analysedWith";

    /** Whether a dataset's schema has the {@link Coordinates} that make it GeoJSON. */
    private static final String LOCATED = Coordinates.sqlTest("document -> 'table_schema' -> 'fields'");

    /**
     * The datasets a search matches, every condition optional; {@code :own} adds that agency's
     * drafts. The text query is parsed once, in FROM ({@code q}): as an expression it would be
     * parsed again for every row once PostgreSQL uses the prepared statement's generic plan.
     */
    private static final String MATCHES = """
            (status = 'PUBLISHED' OR publisher = CAST(:own AS text))
            AND (CAST(:publisher AS text) IS NULL OR publisher = :publisher)
            AND (CAST(:tsquery AS text) IS NULL OR search @@ q)
            AND (CAST(:theme AS jsonb) IS NULL OR document @> CAST(:theme AS jsonb))
            AND (CAST(:keyword AS jsonb) IS NULL OR document @> CAST(:keyword AS jsonb))
            AND (CAST(:since AS timestamptz) IS NULL OR modified >= :since)
            AND (CAST(:format AS text) IS NULL
                 OR (latest_version IS NOT NULL AND (CAST(:format AS text) <> 'geojson' OR $LOCATED)))""".replace("$LOCATED", LOCATED);

    private static final String MATCHING =
            "FROM opendata_dataset, to_tsquery('simple', CAST(:tsquery AS text)) AS q WHERE " + MATCHES;

    private static final int MAX_FACET_VALUES = 50;

    /**
     * A version with its table, whether it has a {@link DailyRollup}, the primary's WAL position it
     * was committed at ({@code -1} when unknown), for choosing a replica to read it from, and its
     * text fields (by index) holding a value that starts like a formula.
     */
    record StoredVersion(
            DatasetVersion version, String table, boolean dailyRollup, long committedAt, Set<Integer> formulaFields) {
        /** The rollup's table, or null when the version has none. */
        String rollup() {
            return dailyRollup ? DailyRollup.name(table) : null;
        }
    }

    /** Inserts the dataset under {@code name}; false, and nothing written, when the name is taken. */
    boolean insert(Handle h, UUID id, String name, String publisher, NewDataset metadata, Instant now) {
        return h.createUpdate("""
                                INSERT INTO opendata_dataset
                                    (id, name, publisher, status, document, version, issued, modified, search,
                                     analysed_with)
                                VALUES (:id, :name, :publisher, 'DRAFT', CAST(:document AS jsonb), 1, :now, :now,
                                        setweight(to_tsvector('simple', :primary), 'A')
                                            || setweight(to_tsvector('simple', :secondary), 'B'),
                                        :analysedWith)
                                ON CONFLICT (name) DO NOTHING
                                """)
                        .bind("id", id)
                        .bind("name", name)
                        .bind("publisher", publisher)
                        .bind("document", json(metadata))
                        .bindMap(DatasetTerms.columns(metadata))
                        .bind("now", utc(now))
                        .execute()
                == 1;
    }

    /** The id of the dataset named {@code name}. */
    Optional<UUID> idOf(Handle h, String name) {
        return h.createQuery("SELECT id FROM opendata_dataset WHERE name = :name")
                .bind("name", name)
                .mapTo(UUID.class)
                .findOne();
    }

    Optional<Stored> find(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM opendata_dataset WHERE id = :id")
                .bind("id", id)
                .map(DatasetStore::stored)
                .findOne();
    }

    /** Locks the dataset's row for the transaction: versions of one dataset are numbered one at a time. */
    Optional<Stored> lock(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM opendata_dataset WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(DatasetStore::stored)
                .findOne();
    }

    /** Replaces the metadata if the version is still {@code expected}; false if someone changed it. */
    boolean replace(Handle h, UUID id, int expected, NewDataset metadata, Instant now) {
        return h.createUpdate("""
                                UPDATE opendata_dataset
                                   SET document = CAST(:document AS jsonb), version = version + 1, modified = :now,
                                       search = $SEARCH
                                 WHERE id = :id AND version = :expected
                                """.replace("$SEARCH", SEARCH))
                        .bind("id", id)
                        .bind("expected", expected)
                        .bind("document", json(metadata))
                        .bindMap(DatasetTerms.columns(metadata))
                        .bind("now", utc(now))
                        .execute()
                == 1;
    }

    /**
     * Analyses again the datasets whose terms another analysis made, in batches: after an upgrade,
     * dataset search finds with the terms its queries are analysed by.
     */
    int reanalyse(Jdbi jdbi) {
        int done = 0;
        while (true) {
            int batch = jdbi.inTransaction(h -> {
                var rows = h.createQuery("""
                                SELECT id, document FROM opendata_dataset WHERE analysed_with <> :analysedWith
                                 ORDER BY id LIMIT 500 FOR UPDATE
                                """)
                        .bind("analysedWith", SearchAnalysis.standard().name())
                        .map((rs, ctx) -> Map.entry(
                                rs.getObject("id", UUID.class), read(rs.getString("document"), NewDataset.class)))
                        .list();
                for (var row : rows) {
                    h.createUpdate("UPDATE opendata_dataset SET search = $SEARCH WHERE id = :id"
                                    .replace("$SEARCH", SEARCH))
                            .bind("id", row.getKey())
                            .bindMap(DatasetTerms.columns(row.getValue()))
                            .execute();
                }
                return rows.size();
            });
            done += batch;
            if (batch < 500) {
                return done;
            }
        }
    }

    void status(Handle h, UUID id, DatasetStatus status, Instant now) {
        h.createUpdate("""
                        UPDATE opendata_dataset SET status = :status, version = version + 1, modified = :now
                         WHERE id = :id
                        """)
                .bind("id", id)
                .bind("status", status.name())
                .bind("now", utc(now))
                .execute();
    }

    /**
     * One page of a search, ranked by relevance when there is text, then newest change first. The
     * cursor is keyset: (rank, modified, id) of the last hit, so later pages cost what the first does.
     */
    List<Hit> search(Handle h, DatasetSearch search, int offset, int limit) {
        var sql = new StringBuilder("SELECT * FROM (SELECT *, ")
                .append(rank(search))
                .append(" AS rank ")
                .append(MATCHING)
                .append(") d WHERE (CAST(:afterId AS uuid) IS NULL")
                .append(" OR (d.rank, d.modified, d.id)"
                        + " < (CAST(:afterRank AS real), CAST(:afterModified AS timestamptz), CAST(:afterId AS uuid)))")
                .append(" ORDER BY d.rank DESC, d.modified DESC, d.id DESC LIMIT :limit OFFSET :offset");
        return bind(h.createQuery(sql.toString()), search)
                .bind(
                        "afterRank",
                        search.after() == null ? null : search.after().rank())
                .bind(
                        "afterModified",
                        search.after() == null ? null : utc(search.after().modified()))
                .bind("afterId", search.after() == null ? null : search.after().id())
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new Hit(stored(rs, ctx), rs.getFloat("rank")))
                .list();
    }

    long count(Handle h, DatasetSearch search) {
        return bind(h.createQuery("SELECT count(*) " + MATCHING), search)
                .mapTo(Long.class)
                .one();
    }

    /** The counts of every match of {@code search} by publisher, theme, keyword and format, in one query. */
    Facets facets(Handle h, DatasetSearch search) {
        var sql = """
                WITH matched AS (SELECT publisher, document, latest_version $MATCHING)
                SELECT 'publisher' AS facet, publisher AS value, count(*) AS n FROM matched GROUP BY publisher
                UNION ALL
                SELECT 'theme', t, count(*) FROM matched, jsonb_array_elements_text(document -> 'themes') t GROUP BY t
                UNION ALL
                SELECT 'keyword', k, count(*) FROM matched, jsonb_array_elements_text(document -> 'keywords') k
                 GROUP BY k
                UNION ALL
                SELECT 'format', available.format, count(*) FROM matched, unnest(CAST(:formats AS text[])) AS available(format)
                 WHERE latest_version IS NOT NULL AND (available.format <> 'geojson' OR $LOCATED)
                 GROUP BY available.format
                ORDER BY n DESC, value
                """.replace("$MATCHING", MATCHING).replace("$LOCATED", LOCATED);
        var counts = new LinkedHashMap<String, List<Facet>>();
        for (var name : List.of("publisher", "theme", "keyword", "format")) {
            counts.put(name, new ArrayList<>());
        }
        bind(h.createQuery(sql), search)
                .bindArray(
                        "formats",
                        String.class,
                        Arrays.stream(ExportFormat.values())
                                .map(ExportFormat::extension)
                                .toList())
                .map((rs, ctx) -> Map.entry(rs.getString("facet"), new Facet(rs.getString("value"), rs.getLong("n"))))
                .forEach(e -> {
                    var list = counts.get(e.getKey());
                    if (list.size() < MAX_FACET_VALUES) {
                        list.add(e.getValue());
                    }
                });
        return new Facets(counts.get("publisher"), counts.get("theme"), counts.get("keyword"), counts.get("format"));
    }

    private static String rank(DatasetSearch search) {
        return search.tsquery() == null || !search.ranked() ? "CAST(0 AS real)" : "ts_rank(search, q)";
    }

    private static Query bind(Query query, DatasetSearch search) {
        return query.bind("tsquery", search.tsquery())
                .bind("publisher", search.publisher())
                .bind("own", search.own())
                .bind("theme", search.theme() == null ? null : json(Map.of("themes", List.of(search.theme()))))
                .bind("keyword", search.keyword() == null ? null : json(Map.of("keywords", List.of(search.keyword()))))
                .bind("since", utc(search.modifiedSince()))
                .bind("format", search.format());
    }

    /** The tables of a dataset's versions, for deleting them with it. */
    List<String> tables(Handle h, UUID id) {
        return h.createQuery("SELECT table_name FROM opendata_version WHERE dataset_id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .list();
    }

    void delete(Handle h, UUID id) {
        h.createUpdate("DELETE FROM opendata_dataset WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    /** Records a loaded version as the latest; stores the schema on the dataset when it was inferred. */
    void addVersion(Handle h, UUID id, StoredVersion stored, NewDataset metadata) {
        var version = stored.version();
        h.createUpdate("""
                        INSERT INTO opendata_version
                            (dataset_id, number, table_name, daily_rollup, row_count, bytes, sha256, table_schema,
                             created_at, formula_fields)
                        VALUES (:id, :number, :table, :rollup, :rows, :bytes, :sha256, CAST(:schema AS jsonb), :at,
                                :formulaFields)
                        """)
                .bind("id", id)
                .bind("rollup", stored.dailyRollup())
                .bind("number", version.number())
                .bind("table", stored.table())
                .bindArray("formulaFields", Integer.class, stored.formulaFields())
                .bind("rows", version.rowCount())
                .bind("bytes", version.bytes())
                .bind("sha256", version.sha256())
                .bind("schema", json(version.tableSchema()))
                .bind("at", utc(version.createdAt()))
                .execute();
        h.createUpdate("""
                        UPDATE opendata_dataset
                           SET latest_version = :number, document = CAST(:document AS jsonb), version = version + 1,
                               modified = :at
                         WHERE id = :id
                        """)
                .bind("id", id)
                .bind("number", version.number())
                .bind("document", json(metadata))
                .bind("at", utc(version.createdAt()))
                .execute();
    }

    List<StoredVersion> versions(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM opendata_version WHERE dataset_id = :id ORDER BY number DESC")
                .bind("id", id)
                .map(DatasetStore::version)
                .list();
    }

    Optional<StoredVersion> version(Handle h, UUID id, int number) {
        return h.createQuery("SELECT * FROM opendata_version WHERE dataset_id = :id AND number = :number")
                .bind("id", id)
                .bind("number", number)
                .map(DatasetStore::version)
                .findOne();
    }

    private static Stored stored(ResultSet rs, StatementContext ctx) throws SQLException {
        var metadata = read(rs.getString("document"), NewDataset.class);
        var latest = (Integer) rs.getObject("latest_version");
        var dataset = new Dataset(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                metadata.title(),
                metadata.description(),
                metadata.themes(),
                metadata.keywords(),
                metadata.licence(),
                metadata.contactPoint(),
                metadata.temporal(),
                metadata.spatial(),
                metadata.updateFrequency(),
                metadata.tableSchema(),
                rs.getString("publisher"),
                DatasetStatus.valueOf(rs.getString("status")),
                latest,
                rs.getObject("issued", OffsetDateTime.class).toInstant(),
                rs.getObject("modified", OffsetDateTime.class).toInstant());
        return new Stored(dataset, rs.getInt("version"));
    }

    private static StoredVersion version(ResultSet rs, StatementContext ctx) throws SQLException {
        var schema = read(rs.getString("table_schema"), TableSchema.class);
        return new StoredVersion(
                new DatasetVersion(
                        rs.getInt("number"),
                        rs.getLong("row_count"),
                        rs.getLong("bytes"),
                        rs.getString("sha256"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        schema),
                rs.getString("table_name"),
                rs.getBoolean("daily_rollup"),
                committedAt(rs),
                formulaFields(rs, schema));
    }

    /** The recorded formula fields; every text field for a version loaded before they were recorded. */
    private static Set<Integer> formulaFields(ResultSet rs, TableSchema schema) throws SQLException {
        var recorded = rs.getArray("formula_fields");
        if (recorded != null) {
            return Set.of((Integer[]) recorded.getArray());
        }
        return IntStream.range(0, schema.fields().size())
                .filter(i -> schema.fields().get(i).type() == FieldType.STRING)
                .boxed()
                .collect(Collectors.toUnmodifiableSet());
    }

    private static long committedAt(ResultSet rs) throws SQLException {
        var position = rs.getString("committed_at_lsn");
        if (position == null) {
            return -1;
        }
        // An LSN is written as two hexadecimal halves, high/low.
        int slash = position.indexOf('/');
        return (Long.parseLong(position.substring(0, slash), 16) << 32)
                | Long.parseLong(position.substring(slash + 1), 16);
    }

    /** Records where the version was committed: called after its transaction, so the position is past the commit. */
    void recordCommitPosition(Handle h, UUID id, int number) {
        h.createUpdate("""
                        UPDATE opendata_version SET committed_at_lsn = pg_current_wal_lsn()
                         WHERE dataset_id = :id AND number = :number
                        """).bind("id", id).bind("number", number).execute();
    }

    private static String json(Object value) {
        try {
            return KhidmaJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata always serialises", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return KhidmaJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " does not read back", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
