package io.khidma.core.server;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/** The SQL of idempotency keys (migration module {@code idempotency}). */
final class IdempotencyStore {

    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    /** A key's row: the request it was first used with and, once done, the response. */
    record Entry(
            byte[] requestHash,
            Integer status,
            String contentType,
            String location,
            String etag,
            byte[] body,
            boolean stale) {
        boolean completed() {
            return status != null;
        }
    }

    private final Jdbi jdbi;
    private final JdbcStatements statements;
    private final Duration retention;
    private final Duration inProgressLease;
    private final AtomicLong nextPurge = new AtomicLong(System.nanoTime());

    IdempotencyStore(Database database, Duration retention, Duration inProgressLease) {
        this.jdbi = database.jdbi();
        this.statements = database.statements();
        this.retention = retention;
        this.inProgressLease = inProgressLease;
    }

    /**
     * A row past its retention, or one claimed longer than the lease ago that never got its
     * response: its request died with its replica or its database connection, and no release came.
     */
    private static final String STALE = """
            (created_at < now() - make_interval(secs => :retention)
             OR (completed_at IS NULL AND created_at < now() - make_interval(secs => :lease)))
            """;

    /**
     * Claims the key for this request; false when another request holds or held it. This and
     * {@link #complete} run on every idempotent request, so through plain JDBC.
     */
    boolean claim(String scope, String key, byte[] requestHash) {
        purgeNowAndThen();
        return statements.update("""
                        INSERT INTO idempotency_key (scope, key, request_hash) VALUES (?, ?, ?)
                        ON CONFLICT (scope, key) DO NOTHING
                        """, s -> {
                    s.setString(1, scope);
                    s.setString(2, key);
                    s.setBytes(3, requestHash);
                })
                == 1;
    }

    Optional<Entry> find(String scope, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT request_hash, status, content_type, location, etag, body, "
                        + STALE + " AS stale FROM idempotency_key WHERE scope = :scope AND key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .bind("retention", (double) retention.toSeconds())
                .bind("lease", inProgressLease.toMillis() / 1000.0)
                .map((rs, ctx) -> new Entry(
                        rs.getBytes("request_hash"),
                        (Integer) rs.getObject("status"),
                        rs.getString("content_type"),
                        rs.getString("location"),
                        rs.getString("etag"),
                        rs.getBytes("body"),
                        rs.getBoolean("stale")))
                .findOne());
    }

    void complete(String scope, String key, int status, String contentType, String location, String etag, byte[] body) {
        statements.update("""
                UPDATE idempotency_key
                   SET status = ?, content_type = ?, location = ?, etag = ?, body = ?, completed_at = now()
                 WHERE scope = ? AND key = ?
                """, s -> {
            s.setInt(1, status);
            s.setString(2, contentType);
            s.setString(3, location);
            s.setString(4, etag);
            s.setBytes(5, body);
            s.setString(6, scope);
            s.setString(7, key);
        });
    }

    /** Frees a key whose request failed on the server's side, so a retry runs again. */
    void release(String scope, String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_key WHERE scope = :scope AND key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .execute());
    }

    /** Removes a stale key, if it is still stale (another replica may have reclaimed it). */
    void forgetStale(String scope, String key) {
        jdbi.useHandle(
                h -> h.createUpdate("DELETE FROM idempotency_key WHERE scope = :scope AND key = :key AND " + STALE)
                        .bind("scope", scope)
                        .bind("key", key)
                        .bind("retention", (double) retention.toSeconds())
                        .bind("lease", inProgressLease.toMillis() / 1000.0)
                        .execute());
    }

    /** Deletes the keys past their retention when the last purge is an hour old (on this replica). */
    private void purgeNowAndThen() {
        long now = System.nanoTime();
        long due = nextPurge.get();
        if (now - due >= 0 && nextPurge.compareAndSet(due, now + PURGE_EVERY.toNanos())) {
            purgeExpired();
        }
    }

    /** Deletes every key past its retention; returns how many. */
    int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => :retention)")
                .bind("retention", (double) retention.toSeconds())
                .execute());
    }
}
