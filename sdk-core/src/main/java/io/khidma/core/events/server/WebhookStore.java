package io.khidma.core.events.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import io.khidma.core.events.model.DeliveryAttempt;
import io.khidma.core.events.model.DeliveryStatus;
import io.khidma.core.events.model.WebhookDelivery;
import io.khidma.core.events.model.WebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of webhooks: endpoints, secrets, the outbox of events, deliveries and their attempts. */
final class WebhookStore {

    /** A delivery claimed for sending, with what it takes to send it. */
    record Due(
            UUID deliveryId,
            String messageId,
            UUID endpointId,
            URI url,
            byte[] payload,
            int attempts,
            Instant eventCreatedAt,
            String traceparent) {}

    void insertEndpoint(Handle h, WebhookEndpoint endpoint, String secret) {
        h.createUpdate("""
                        INSERT INTO events_endpoint (id, agency_id, platform, url, event_types, description, created_at)
                        VALUES (:id, :agency, :platform, :url, :types, :description, :at)
                        """)
                .bind("id", endpoint.id())
                .bind("agency", endpoint.agencyId())
                .bind("platform", endpoint.platform())
                .bind("url", endpoint.url().toString())
                .bindArray("types", String.class, (Object[]) wireNames(endpoint.eventTypes()))
                .bind("description", endpoint.description())
                .bind("at", utc(endpoint.createdAt()))
                .execute();
        addSecret(h, endpoint.id(), secret, endpoint.createdAt());
    }

    void addSecret(Handle h, UUID endpointId, String secret, Instant at) {
        h.createUpdate("INSERT INTO events_secret (endpoint_id, secret, created_at) VALUES (:endpoint, :secret, :at)")
                .bind("endpoint", endpointId)
                .bind("secret", secret)
                .bind("at", utc(at))
                .execute();
    }

    /** A stored secret, sealed or (from before sealing) not. */
    record StoredSecret(UUID endpointId, String secret) {}

    List<StoredSecret> allSecrets(Handle h) {
        return h.createQuery("SELECT endpoint_id, secret FROM events_secret")
                .map((rs, ctx) -> new StoredSecret(rs.getObject("endpoint_id", UUID.class), rs.getString("secret")))
                .list();
    }

    /** Replaces one stored secret with its re-sealed form, unless another replica already did. */
    int replaceSecret(Handle h, UUID endpointId, String old, String sealed) {
        return h.createUpdate(
                        "UPDATE events_secret SET secret = :sealed WHERE endpoint_id = :endpoint AND secret = :old")
                .bind("sealed", sealed)
                .bind("endpoint", endpointId)
                .bind("old", old)
                .execute();
    }

    /** Lets the secrets in use until now expire at {@code until}; the newest secret is added after. */
    void retireSecrets(Handle h, UUID endpointId, Instant until) {
        h.createUpdate("""
                        UPDATE events_secret SET expires_at = :until
                         WHERE endpoint_id = :endpoint AND (expires_at IS NULL OR expires_at > :until)
                        """)
                .bind("endpoint", endpointId)
                .bind("until", utc(until))
                .execute();
    }

    /** The secrets that sign now, newest first. */
    List<String> activeSecrets(Handle h, UUID endpointId, Instant now) {
        return h.createQuery("""
                        SELECT secret FROM events_secret
                         WHERE endpoint_id = :endpoint AND (expires_at IS NULL OR expires_at > :now)
                         ORDER BY created_at DESC
                        """)
                .bind("endpoint", endpointId)
                .bind("now", utc(now))
                .mapTo(String.class)
                .list();
    }

    Optional<WebhookEndpoint> endpoint(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM events_endpoint WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id)
                .map(WebhookStore::endpointRow)
                .findOne();
    }

    List<WebhookEndpoint> endpoints(Handle h, String agencyId) {
        return h.createQuery("""
                        SELECT * FROM events_endpoint WHERE agency_id = :agency AND deleted_at IS NULL
                         ORDER BY created_at, id
                        """)
                .bind("agency", agencyId)
                .map(WebhookStore::endpointRow)
                .list();
    }

    /** Deletes an endpoint and drops its pending deliveries. */
    boolean deleteEndpoint(Handle h, UUID id, Instant now) {
        int deleted = h.createUpdate(
                        "UPDATE events_endpoint SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id)
                .bind("now", utc(now))
                .execute();
        h.createUpdate("""
                        UPDATE events_delivery SET status = 'FAILED', next_attempt_at = NULL
                         WHERE endpoint_id = :id AND status = 'PENDING'
                        """).bind("id", id).execute();
        return deleted == 1;
    }

    /**
     * The outbox: records an event for the agencies it concerns and one pending delivery per endpoint
     * subscribed to its type, the agencies' own and the platform's, in the caller's transaction.
     */
    void enqueue(
            Handle h,
            String messageId,
            WebhookEventType type,
            Collection<String> agencies,
            String subject,
            byte[] payload,
            String traceparent,
            Instant now) {
        var agencyIds = agencies.stream().distinct().toArray(String[]::new);
        h.createUpdate("""
                        INSERT INTO events_outbox (id, type, agency_ids, subject, payload, traceparent, created_at)
                        VALUES (:id, :type, :agencies, :subject, :payload, :traceparent, :now)
                        """)
                .bind("traceparent", traceparent)
                .bind("id", messageId)
                .bind("type", type.wireName())
                .bindArray("agencies", String.class, (Object[]) agencyIds)
                .bind("subject", subject)
                .bind("payload", payload)
                .bind("now", utc(now))
                .execute();
        h.createUpdate("""
                        INSERT INTO events_delivery (id, event_id, endpoint_id, status, next_attempt_at, created_at)
                        SELECT gen_random_uuid(), :event, e.id, 'PENDING', :now, :now
                          FROM events_endpoint e
                         WHERE (e.agency_id = ANY(:agencies) OR e.platform)
                           AND e.deleted_at IS NULL AND :type = ANY(e.event_types)
                        """)
                .bind("event", messageId)
                .bindArray("agencies", String.class, (Object[]) agencyIds)
                .bind("type", type.wireName())
                .bind("now", utc(now))
                .execute();
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}. {@code SKIP LOCKED} and the lease
     * keep two replicas from ever sending the same delivery at the same time.
     */
    /** Deliveries pending, and when the oldest of them was created (null if none). */
    record Backlog(long pending, Instant oldest) {}

    Backlog backlog(Handle h) {
        return h.createQuery("SELECT count(*) AS pending, min(created_at) AS oldest FROM events_delivery"
                        + " WHERE status = 'PENDING'")
                .map((rs, ctx) -> new Backlog(rs.getLong("pending"), instant(rs, "oldest")))
                .one();
    }

    List<Due> claimDue(Handle h, Instant now, Instant leaseUntil, int limit) {
        return h.createQuery("""
                        WITH due AS (
                            SELECT d.id FROM events_delivery d
                             WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now
                               AND (d.claimed_until IS NULL OR d.claimed_until < :now)
                             ORDER BY d.next_attempt_at
                             LIMIT :limit
                             FOR UPDATE SKIP LOCKED)
                        UPDATE events_delivery d SET claimed_until = :lease
                          FROM due, events_outbox ev, events_endpoint ep
                         WHERE d.id = due.id AND ev.id = d.event_id AND ep.id = d.endpoint_id
                        RETURNING d.id, d.event_id, d.endpoint_id, ep.url, ev.payload, d.attempts,
                                  ev.created_at AS event_created_at, ev.traceparent
                        """)
                .bind("now", utc(now))
                .bind("lease", utc(leaseUntil))
                .bind("limit", limit)
                .map((rs, ctx) -> new Due(
                        rs.getObject("id", UUID.class),
                        rs.getString("event_id"),
                        rs.getObject("endpoint_id", UUID.class),
                        URI.create(rs.getString("url")),
                        rs.getBytes("payload"),
                        rs.getInt("attempts"),
                        instant(rs, "event_created_at"),
                        rs.getString("traceparent")))
                .list();
    }

    /**
     * Records an attempt and where the delivery stands after it: delivered, given up, or due again
     * at {@code nextAttemptAt}.
     */
    void recordAttempt(
            Handle h,
            UUID deliveryId,
            int number,
            Instant at,
            Integer responseStatus,
            String error,
            long durationMillis,
            DeliveryStatus status,
            Instant nextAttemptAt) {
        h.createUpdate("""
                        INSERT INTO events_attempt (delivery_id, number, at, response_status, error, duration_millis)
                        VALUES (:delivery, :number, :at, :status, :error, :duration)
                        ON CONFLICT (delivery_id, number) DO NOTHING
                        """)
                .bind("delivery", deliveryId)
                .bind("number", number)
                .bind("at", utc(at))
                .bind("status", responseStatus)
                .bind("error", error)
                .bind("duration", durationMillis)
                .execute();
        h.createUpdate("""
                        UPDATE events_delivery
                           SET attempts = :number, status = :status, next_attempt_at = :next, claimed_until = NULL
                         WHERE id = :delivery AND status = 'PENDING'
                        """)
                .bind("delivery", deliveryId)
                .bind("number", number)
                .bind("status", status.name())
                .bind("next", utc(nextAttemptAt))
                .execute();
    }

    List<WebhookDelivery> deliveries(Handle h, UUID endpointId, Instant afterCreated, UUID afterId, int limit) {
        var deliveries = h.createQuery("""
                        SELECT d.*, ev.type FROM events_delivery d JOIN events_outbox ev ON ev.id = d.event_id
                         WHERE d.endpoint_id = :endpoint
                           AND (CAST(:afterCreated AS timestamptz) IS NULL OR (d.created_at, d.id) < (:afterCreated, CAST(:afterId AS uuid)))
                         ORDER BY d.created_at DESC, d.id DESC
                         LIMIT :limit
                        """)
                .bind("endpoint", endpointId)
                .bind("afterCreated", utc(afterCreated))
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> new WebhookDelivery(
                        rs.getObject("id", UUID.class),
                        rs.getString("event_id"),
                        WebhookEventType.of(rs.getString("type")),
                        DeliveryStatus.valueOf(rs.getString("status")),
                        List.of(),
                        instant(rs, "next_attempt_at"),
                        instant(rs, "created_at")))
                .list();
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        var attempts = new HashMap<UUID, List<DeliveryAttempt>>();
        h.createQuery("SELECT * FROM events_attempt WHERE delivery_id = ANY(:ids) ORDER BY delivery_id, number")
                .bindArray(
                        "ids",
                        UUID.class,
                        deliveries.stream().map(WebhookDelivery::id).toArray())
                .map((rs, ctx) -> Map.entry(
                        rs.getObject("delivery_id", UUID.class),
                        new DeliveryAttempt(
                                rs.getInt("number"),
                                instant(rs, "at"),
                                (Integer) rs.getObject("response_status"),
                                rs.getString("error"),
                                rs.getLong("duration_millis"))))
                .forEach(e -> attempts.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return deliveries.stream()
                .map(d -> new WebhookDelivery(
                        d.id(),
                        d.messageId(),
                        d.eventType(),
                        d.status(),
                        attempts.getOrDefault(d.id(), List.of()),
                        d.nextAttemptAt(),
                        d.createdAt()))
                .toList();
    }

    private static WebhookEndpoint endpointRow(ResultSet rs, StatementContext ctx) throws SQLException {
        var types = (String[]) rs.getArray("event_types").getArray();
        return new WebhookEndpoint(
                rs.getObject("id", UUID.class),
                rs.getString("agency_id"),
                URI.create(rs.getString("url")),
                Arrays.stream(types).map(WebhookEventType::of).toList(),
                rs.getBoolean("platform"),
                rs.getString("description"),
                instant(rs, "created_at"),
                null);
    }

    private static String[] wireNames(List<WebhookEventType> types) {
        return types.stream().map(WebhookEventType::wireName).distinct().toArray(String[]::new);
    }
}
