package io.khidma.core.audit.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import io.khidma.core.audit.AuditHashes;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.Checkpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/** The SQL of the audit trail. */
final class AuditStore {

    private static final String COLUMNS = "seq, at, action, resource_type, resource_id, agencies, subject, client_id,"
            + " on_behalf_of, request_id, address, before_digest, after_digest, hash";

    /** What an auditor asks for; a null field does not filter. */
    record Filter(
            String agency,
            String action,
            String resourceType,
            String resourceId,
            Instant from,
            Instant to,
            long afterSeq) {}

    /** A checkpoint with the tree's right edge, to continue from. */
    record StoredCheckpoint(Checkpoint checkpoint, List<byte[]> edge) {}

    /** The last entry's position and chain hash. */
    record Head(long seq, byte[] hash) {}

    Optional<Head> head(Handle h) {
        return h.createQuery("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getBytes("hash")))
                .findOne();
    }

    /** The chain hash of entry {@code seq}. */
    byte[] hashAt(Handle h, long seq) {
        return h.createQuery("SELECT hash FROM audit_entry WHERE seq = :seq")
                .bind("seq", seq)
                .mapTo(byte[].class)
                .one();
    }

    void insert(Handle h, AuditEntry e) {
        h.createUpdate("INSERT INTO audit_entry (" + COLUMNS + ") VALUES (:seq, :at, :action, :type, :id, :agencies,"
                        + " :subject, :client, :onBehalfOf, :requestId, :address, :before, :after, :hash)")
                .bind("seq", e.seq())
                .bind("at", utc(e.at()))
                .bind("action", e.action())
                .bind("type", e.resourceType())
                .bind("id", e.resourceId())
                .bindArray("agencies", String.class, e.agencies().toArray())
                .bind("subject", e.subject())
                .bind("client", e.clientId())
                .bind("onBehalfOf", e.onBehalfOf())
                .bind("requestId", e.requestId())
                .bind("address", e.address())
                .bind("before", e.beforeDigest())
                .bind("after", e.afterDigest())
                .bind("hash", AuditHashes.unhex(e.hash()))
                .execute();
    }

    List<AuditEntry> page(Handle h, Filter filter, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > :after"
                        + " AND (CAST(:agency AS text) IS NULL OR CAST(:agency AS text) = ANY(agencies))"
                        + " AND (CAST(:action AS text) IS NULL OR action = :action)"
                        + " AND (CAST(:type AS text) IS NULL OR resource_type = :type)"
                        + " AND (CAST(:id AS text) IS NULL OR resource_id = :id)"
                        + " AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)"
                        + " AND (CAST(:to AS timestamptz) IS NULL OR at < :to)"
                        + " ORDER BY seq LIMIT :limit")
                .bind("after", filter.afterSeq())
                .bind("agency", filter.agency())
                .bind("action", filter.action())
                .bind("type", filter.resourceType())
                .bind("id", filter.resourceId())
                .bind("from", utc(filter.from()))
                .bind("to", utc(filter.to()))
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list();
    }

    /** Every entry after {@code afterSeq} up to {@code upToSeq}, in order, read in batches. */
    void forEach(Handle h, long afterSeq, long upToSeq, Consumer<AuditEntry> action) {
        h.createQuery("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > :after AND seq <= :upTo ORDER BY seq")
                .bind("after", afterSeq)
                .bind("upTo", upToSeq)
                .setFetchSize(1000)
                .map((rs, ctx) -> entry(rs))
                .forEach(action);
    }

    Optional<StoredCheckpoint> latestCheckpoint(Handle h) {
        return h.createQuery("SELECT size, root, edge, note, at FROM audit_checkpoint ORDER BY size DESC LIMIT 1")
                .map((rs, ctx) -> new StoredCheckpoint(checkpoint(rs), edge(rs.getBytes("edge"))))
                .findOne();
    }

    List<Checkpoint> checkpoints(Handle h, long afterSize, int limit) {
        return h.createQuery("SELECT size, root, note, at FROM audit_checkpoint WHERE size > :after ORDER BY size"
                        + " LIMIT :limit")
                .bind("after", afterSize)
                .bind("limit", limit)
                .map((rs, ctx) -> checkpoint(rs))
                .list();
    }

    /** Stores a checkpoint; false if another replica stored one of the same size first. */
    boolean insertCheckpoint(Handle h, long size, byte[] root, List<byte[]> edge, String note, Instant at) {
        return h.createUpdate("INSERT INTO audit_checkpoint (size, root, edge, note, at)"
                                + " VALUES (:size, :root, :edge, :note, :at) ON CONFLICT (size) DO NOTHING")
                        .bind("size", size)
                        .bind("root", root)
                        .bind("edge", concatenated(edge))
                        .bind("note", note)
                        .bind("at", utc(at))
                        .execute()
                == 1;
    }

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(
                rs.getLong("size"),
                java.util.Base64.getEncoder().encodeToString(rs.getBytes("root")),
                instant(rs, "at"),
                rs.getString("note"));
    }

    private static List<byte[]> edge(byte[] concatenated) {
        var roots = new ArrayList<byte[]>();
        for (int at = 0; at < concatenated.length; at += 32) {
            roots.add(Arrays.copyOfRange(concatenated, at, at + 32));
        }
        return roots;
    }

    private static byte[] concatenated(List<byte[]> roots) {
        var all = new byte[roots.size() * 32];
        for (int i = 0; i < roots.size(); i++) {
            System.arraycopy(roots.get(i), 0, all, i * 32, 32);
        }
        return all;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong("seq"),
                instant(rs, "at"),
                rs.getString("action"),
                rs.getString("resource_type"),
                rs.getString("resource_id"),
                Arrays.asList((String[]) rs.getArray("agencies").getArray()),
                rs.getString("subject"),
                rs.getString("client_id"),
                rs.getString("on_behalf_of"),
                rs.getString("request_id"),
                rs.getString("address"),
                rs.getString("before_digest"),
                rs.getString("after_digest"),
                AuditHashes.hex(rs.getBytes("hash")));
    }
}
