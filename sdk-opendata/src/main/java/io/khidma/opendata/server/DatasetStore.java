package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.json.KhidmaJson;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The SQL of datasets and their versions (the data itself is {@link DataTable}'s). */
final class DatasetStore {

    /** A dataset with its optimistic-concurrency version. */
    record Stored(Dataset dataset, int version) {
        String etag() {
            return "\"" + version + "\"";
        }
    }

    /** A version with the table holding its rows. */
    record StoredVersion(DatasetVersion version, String table) {}

    void insert(Handle h, UUID id, String publisher, NewDataset metadata, Instant now) {
        h.createUpdate("""
                        INSERT INTO opendata_dataset (id, publisher, status, document, version, issued, modified)
                        VALUES (:id, :publisher, 'DRAFT', CAST(:document AS jsonb), 1, :now, :now)
                        """)
                .bind("id", id)
                .bind("publisher", publisher)
                .bind("document", json(metadata))
                .bind("now", utc(now))
                .execute();
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
                                   SET document = CAST(:document AS jsonb), version = version + 1, modified = :now
                                 WHERE id = :id AND version = :expected
                                """)
                        .bind("id", id)
                        .bind("expected", expected)
                        .bind("document", json(metadata))
                        .bind("now", utc(now))
                        .execute()
                == 1;
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

    List<Stored> list(Handle h, String publisher, boolean drafts, Instant afterModified, UUID afterId, int limit) {
        return h.createQuery("""
                        SELECT * FROM opendata_dataset
                         WHERE (CAST(:publisher AS text) IS NULL OR publisher = :publisher)
                           AND (status = 'PUBLISHED' OR :drafts)
                           AND (CAST(:afterModified AS timestamptz) IS NULL
                                OR (modified, id) < (:afterModified, CAST(:afterId AS uuid)))
                         ORDER BY modified DESC, id DESC
                         LIMIT :limit
                        """)
                .bind("publisher", publisher)
                .bind("drafts", drafts)
                .bind("afterModified", utc(afterModified))
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(DatasetStore::stored)
                .list();
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
    void addVersion(Handle h, UUID id, DatasetVersion version, String table, NewDataset metadata) {
        h.createUpdate("""
                        INSERT INTO opendata_version
                            (dataset_id, number, table_name, row_count, bytes, sha256, table_schema, created_at)
                        VALUES (:id, :number, :table, :rows, :bytes, :sha256, CAST(:schema AS jsonb), :at)
                        """)
                .bind("id", id)
                .bind("number", version.number())
                .bind("table", table)
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
        return new StoredVersion(
                new DatasetVersion(
                        rs.getInt("number"),
                        rs.getLong("row_count"),
                        rs.getLong("bytes"),
                        rs.getString("sha256"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        read(rs.getString("table_schema"), TableSchema.class)),
                rs.getString("table_name"));
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
