package io.khidma.opendata.server;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.ApiKey;
import io.khidma.opendata.model.NewApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys issued to registered consumers (anyone signed in, citizen or agency). A key is 32
 * random bytes; only its SHA-256 is stored, which is enough for keys this long (no salt or slow
 * hash needed: nothing to guess), so a leaked table reveals no key.
 */
final class ApiKeys {

    static final String HEADER = "X-API-Key";
    private static final String PREFIX = "kod_";
    private static final int MAX_KEYS_PER_OWNER = 20;

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(Jdbi jdbi, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    ApiKey issue(KhidmaPrincipal caller, NewApiKey request) {
        var owner = owner(caller);
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var issued = new ApiKey(UUID.randomUUID(), request.name(), key, clock.instant());
        jdbi.useTransaction(h -> {
            // Serialise one owner's issuing, so the cap holds under concurrent requests.
            h.execute("SELECT pg_advisory_xact_lock(hashtext(?))", owner);
            int active = h.createQuery(
                            "SELECT count(*) FROM opendata_api_key WHERE owner = :owner AND revoked_at IS NULL")
                    .bind("owner", owner)
                    .mapTo(Integer.class)
                    .one();
            if (active >= MAX_KEYS_PER_OWNER) {
                throw ProblemException.of(
                        ProblemType.CONFLICT, "At most " + MAX_KEYS_PER_OWNER + " active keys; revoke one first");
            }
            h.createUpdate("""
                            INSERT INTO opendata_api_key (id, key_hash, name, owner, created_at)
                            VALUES (:id, :hash, :name, :owner, :at)
                            """)
                    .bind("id", issued.id())
                    .bind("hash", hash(key))
                    .bind("name", issued.name())
                    .bind("owner", owner)
                    .bind("at", issued.createdAt().atOffset(ZoneOffset.UTC))
                    .execute();
            // The key itself is never digested: a digest of a secret is a way to test guesses.
            audit.record(
                    h, AuditEvent.of("api_key.issue", "api_key", issued.id().toString(), List.of()));
        });
        return issued;
    }

    void revoke(KhidmaPrincipal caller, UUID id) {
        var owner = owner(caller);
        int revoked = jdbi.inTransaction(h -> {
            int changed = h.createUpdate("""
                            UPDATE opendata_api_key SET revoked_at = :at
                             WHERE id = :id AND owner = :owner AND revoked_at IS NULL
                            """)
                    .bind("id", id)
                    .bind("owner", owner)
                    .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                    .execute();
            if (changed > 0) {
                audit.record(h, AuditEvent.of("api_key.revoke", "api_key", id.toString(), List.of()));
            }
            return changed;
        });
        if (revoked == 0) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No active key " + id + " of yours");
        }
    }

    /** The id of the active key {@code key} is, if it is one. */
    Optional<UUID> find(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() > 100) {
            return Optional.empty();
        }
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id FROM opendata_api_key WHERE key_hash = :hash AND revoked_at IS NULL")
                        .bind("hash", hash(key))
                        .mapTo(UUID.class)
                        .findOne());
    }

    private static String owner(KhidmaPrincipal caller) {
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "Sign in to be issued an API key")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
        return caller.kind().name().toLowerCase() + ":" + caller.subject();
    }

    private static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
