package io.khidma.core.server;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The SQL of idempotency keys (migration module {@code idempotency}). */
final class IdempotencyStore {

    /** A key's row: the request it was first used with and, once done, the response. */
    record Entry(
            byte[] requestHash,
            Integer status,
            String contentType,
            String location,
            String etag,
            byte[] body,
            boolean expired) {
        boolean completed() {
            return status != null;
        }
    }

    private final Jdbi jdbi;
    private final Duration retention;

    IdempotencyStore(Jdbi jdbi, Duration retention) {
        this.jdbi = jdbi;
        this.retention = retention;
    }

    /** Claims the key for this request; false when another request holds or held it. */
    boolean claim(String scope, String key, byte[] requestHash) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                INSERT INTO idempotency_key (scope, key, request_hash) VALUES (:scope, :key, :hash)
                                ON CONFLICT (scope, key) DO NOTHING
                                """)
                        .bind("scope", scope)
                        .bind("key", key)
                        .bind("hash", requestHash)
                        .execute())
                == 1;
    }

    Optional<Entry> find(String scope, String key) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT request_hash, status, content_type, location, etag, body,
                               created_at < now() - make_interval(secs => :retention) AS expired
                          FROM idempotency_key WHERE scope = :scope AND key = :key
                        """)
                .bind("scope", scope)
                .bind("key", key)
                .bind("retention", (double) retention.toSeconds())
                .map((rs, ctx) -> new Entry(
                        rs.getBytes("request_hash"),
                        (Integer) rs.getObject("status"),
                        rs.getString("content_type"),
                        rs.getString("location"),
                        rs.getString("etag"),
                        rs.getBytes("body"),
                        rs.getBoolean("expired")))
                .findOne());
    }

    void complete(String scope, String key, int status, String contentType, String location, String etag, byte[] body) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE idempotency_key
                           SET status = :status, content_type = :type, location = :location, etag = :etag,
                               body = :body, completed_at = now()
                         WHERE scope = :scope AND key = :key
                        """)
                .bind("scope", scope)
                .bind("key", key)
                .bind("status", status)
                .bind("type", contentType)
                .bind("location", location)
                .bind("etag", etag)
                .bind("body", body)
                .execute());
    }

    /** Frees a key whose request failed on the server's side, so a retry runs again. */
    void release(String scope, String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_key WHERE scope = :scope AND key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .execute());
    }

    /** Removes an expired key, if it is still expired (another replica may have reclaimed it). */
    void forgetExpired(String scope, String key) {
        jdbi.useHandle(h -> h.createUpdate("""
                        DELETE FROM idempotency_key
                         WHERE scope = :scope AND key = :key AND created_at < now() - make_interval(secs => :retention)
                        """)
                .bind("scope", scope)
                .bind("key", key)
                .bind("retention", (double) retention.toSeconds())
                .execute());
    }
}
