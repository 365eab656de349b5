package io.khidma.core.catalogue.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.json.KhidmaJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** All SQL of journeys: one JSON document per journey code, with a version for If-Match. */
final class JourneyStore {

    /** A journey with the version its ETag is made of. */
    record Stored(Journey journey, int version) {
        String etag() {
            return "\"j" + version + "\"";
        }
    }

    private final Jdbi jdbi;

    JourneyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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

    /** Inserts a new journey; false when its code is taken. */
    boolean insert(Journey journey) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                INSERT INTO catalogue_journey (code, document, version, last_modified)
                                VALUES (:code, CAST(:document AS jsonb), 1, :at)
                                ON CONFLICT (code) DO NOTHING
                                """)
                        .bind("code", journey.code())
                        .bind("document", json(journey))
                        .bind("at", utc(journey.lastModified()))
                        .execute())
                == 1;
    }

    /** Replaces a journey if it is still at {@code version}; false when it changed meanwhile. */
    boolean update(Journey journey, int version) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                UPDATE catalogue_journey
                                   SET document = CAST(:document AS jsonb), version = version + 1, last_modified = :at
                                 WHERE code = :code AND version = :version
                                """)
                        .bind("code", journey.code())
                        .bind("document", json(journey))
                        .bind("at", utc(journey.lastModified()))
                        .bind("version", version)
                        .execute())
                == 1;
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
