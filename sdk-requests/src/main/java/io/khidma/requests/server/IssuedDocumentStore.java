package io.khidma.requests.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.text.Text;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of issued documents and the published signing keys. */
final class IssuedDocumentStore {

    /** An issued document as stored. */
    record Row(
            String code,
            UUID requestId,
            String requestNumber,
            String agencyId,
            String holder,
            String holderName,
            String type,
            Text title,
            UUID documentId,
            JsonNode data,
            String sha256,
            String mediaType,
            Instant issuedAt,
            Instant expiresAt,
            String signature,
            Instant revokedAt,
            String revocationReason) {}

    void publish(Handle h, JWK publicKey, Instant now) {
        h.createUpdate("""
                        INSERT INTO requests_signing_key (kid, jwk, created_at)
                        VALUES (:kid, CAST(:jwk AS jsonb), :now) ON CONFLICT (kid) DO NOTHING
                        """)
                .bind("kid", publicKey.getKeyID())
                .bind("jwk", publicKey.toJSONString())
                .bind("now", utc(now))
                .execute();
    }

    List<JWK> publishedKeys(Handle h) {
        return h.createQuery("SELECT jwk::text FROM requests_signing_key ORDER BY created_at DESC, kid")
                .mapTo(String.class)
                .map(IssuedDocumentStore::jwk)
                .list();
    }

    void insert(Handle h, Row row) {
        h.createUpdate("""
                        INSERT INTO requests_issued_document (code, request_id, agency_id, holder, holder_name, type,
                                                              title_ar, title_en, document_id, data, sha256, media_type,
                                                              issued_at, expires_at, signature)
                        VALUES (:code, :request, :agency, :holder, :holderName, :type, :ar, :en, CAST(:document AS uuid),
                                CAST(:data AS jsonb), :sha256, :mediaType, :issued, CAST(:expires AS timestamptz), :signature)
                        """)
                .bind("code", row.code())
                .bind("request", row.requestId())
                .bind("agency", row.agencyId())
                .bind("holder", row.holder())
                .bind("holderName", row.holderName())
                .bind("type", row.type())
                .bind("ar", row.title().ar())
                .bind("en", row.title().en())
                .bind("document", row.documentId())
                .bind("data", row.data() == null ? null : row.data().toString())
                .bind("sha256", row.sha256())
                .bind("mediaType", row.mediaType())
                .bind("issued", utc(row.issuedAt()))
                .bind("expires", utc(row.expiresAt()))
                .bind("signature", row.signature())
                .execute();
    }

    Optional<Row> find(Handle h, String code) {
        return h.createQuery("""
                        SELECT d.*, r.number AS request_number FROM requests_issued_document d
                          JOIN requests_request r ON r.id = d.request_id WHERE d.code = :code
                        """)
                .bind("code", code)
                .map(IssuedDocumentStore::row)
                .findOne();
    }

    /** Revokes a document once; false when it was revoked already. */
    boolean revoke(Handle h, String code, String reason, Instant now) {
        return h.createUpdate("""
                        UPDATE requests_issued_document SET revoked_at = :now, revocation_reason = :reason
                         WHERE code = :code AND revoked_at IS NULL
                        """)
                        .bind("code", code)
                        .bind("reason", reason)
                        .bind("now", utc(now))
                        .execute()
                == 1;
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(
                rs.getString("code"),
                rs.getObject("request_id", UUID.class),
                rs.getString("request_number"),
                rs.getString("agency_id"),
                rs.getString("holder"),
                rs.getString("holder_name"),
                rs.getString("type"),
                Text.of(rs.getString("title_ar"), rs.getString("title_en")),
                rs.getObject("document_id", UUID.class),
                json(rs.getString("data")),
                rs.getString("sha256"),
                rs.getString("media_type"),
                instant(rs, "issued_at"),
                instant(rs, "expires_at"),
                rs.getString("signature"),
                instant(rs, "revoked_at"),
                rs.getString("revocation_reason"));
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : KhidmaJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored data is not JSON", e);
        }
    }

    private static JWK jwk(String text) {
        try {
            return JWK.parse(text);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not a JWK", e);
        }
    }
}
