package io.khidma.core.audit.server;

import io.khidma.core.audit.AuditHashes;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Appends the entries of privileged writes to the audit trail, in the writes' own transactions: the
 * entry and the write commit together or not at all. Appends are serialised across replicas by a
 * transaction-scoped advisory lock, so the trail is one chain whoever writes; the lock is held
 * until the transaction ends, which is why {@link #record} is the last statement of a write.
 */
public final class AuditTrail {

    /** The advisory lock key of appends ({@code 'khidma'} in ASCII). */
    static final long APPEND_LOCK = 0x6b6869646d61L;

    private final AuditStore store = new AuditStore();
    private final Clock clock;

    private AuditTrail(Clock clock) {
        this.clock = clock;
    }

    /** The trail in {@code database}, whose {@code audit} tables are created or migrated here. */
    public static AuditTrail on(Database database) {
        return on(database, Clock.systemUTC());
    }

    public static AuditTrail on(Database database, Clock clock) {
        database.migrate("audit");
        return new AuditTrail(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Appends the event's entry in {@code h}'s transaction, by the caller of the request in
     * progress (or {@code system}); make it the transaction's last statement.
     */
    public AuditEntry record(Handle h, AuditEvent event) {
        var caller = AuditContext.current();
        // Everything but the position and the chain is worked out before the lock, held until commit.
        var before = digest(event.before());
        var after = digest(event.after());
        var agencies = caller.agency() == null
                ? event.agencies()
                // The acting client's own agency too: its auditor sees what it did.
                : Stream.concat(event.agencies().stream(), Stream.of(caller.agency()))
                        .toList();
        h.execute("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
        var head = store.head(h);
        var entry = new AuditEntry(
                        head.map(AuditStore.Head::seq).orElse(0L) + 1,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        event.action(),
                        event.resourceType(),
                        event.resourceId(),
                        agencies,
                        caller.subject(),
                        caller.clientId(),
                        event.onBehalfOf(),
                        caller.requestId(),
                        caller.address(),
                        before,
                        after,
                        null)
                .chainedAfter(head.map(AuditStore.Head::hash).orElse(AuditHashes.GENESIS));
        store.insert(h, entry);
        return entry;
    }

    private static String digest(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return AuditHashes.digest(KhidmaJson.mapper().writeValueAsBytes(state));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot digest " + state.getClass().getSimpleName(), e);
        }
    }
}
