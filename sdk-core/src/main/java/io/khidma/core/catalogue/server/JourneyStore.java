package io.khidma.core.catalogue.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.json.KhidmaJson;
import jakarta.ws.rs.core.EntityTag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** All SQL of journeys: one JSON document per journey code, with a version for If-Match. */
final class JourneyStore {

    /** A journey with the version its ETag is made of. */
    record Stored(Journey journey, int version) {
        EntityTag entityTag() {
            return new EntityTag("j" + version);
        }

        /** The ETag header's value: {@code j} and the version, quoted. */
        String etag() {
            return "\"j" + version + "\"";
        }
    }

    private final Jdbi jdbi;
    private final AuditTrail audit;

    JourneyStore(Jdbi jdbi, AuditTrail audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    Optional<Stored> find(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM catalogue_journey WHERE code = :code")
                .bind("code", code)
                .map(JourneyStore::row)
                .findOne());
    }

    List<Stored> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM catalogue_journey ORDER BY code")
                .map(JourneyStore::row)
                .list());
    }

    /** Inserts a new journey, with its audit entry; false when its code is taken. */
    boolean insert(Journey journey) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO catalogue_journey (code, document, version, last_modified)
                            VALUES (:code, CAST(:document AS jsonb), 1, :at)
                            ON CONFLICT (code) DO NOTHING
                            """)
                    .bind("code", journey.code())
                    .bind("document", json(journey))
                    .bind("at", utc(journey.lastModified()))
                    .execute();
            if (inserted == 1) {
                audit.record(
                        h,
                        AuditEvent.of("journey.create", "journey", journey.code(), List.of())
                                .after(journey));
            }
            return inserted == 1;
        });
    }

    /**
     * Replaces a journey if it is still at {@code version}, with its audit entry; false when it
     * changed meanwhile.
     */
    boolean update(Journey journey, int version) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE catalogue_journey
                               SET document = CAST(:document AS jsonb), version = version + 1, last_modified = :at
                             WHERE code = :code AND version = :version
                            """)
                    .bind("code", journey.code())
                    .bind("document", json(journey))
                    .bind("at", utc(journey.lastModified()))
                    .bind("version", version)
                    .execute();
            if (updated == 1) {
                audit.record(
                        h,
                        AuditEvent.of("journey.update", "journey", journey.code(), List.of())
                                .after(journey));
            }
            return updated == 1;
        });
    }

    private static Stored row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        try {
            var journey = KhidmaJson.mapper().readValue(rs.getString("document"), Journey.class);
            return new Stored(journey.withLastModified(instant(rs, "last_modified")), rs.getInt("version"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored journey does not parse", e);
        }
    }

    private static String json(Journey journey) {
        try {
            return KhidmaJson.mapper().writeValueAsString(journey.withLastModified(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journey always serialises", e);
        }
    }
}
