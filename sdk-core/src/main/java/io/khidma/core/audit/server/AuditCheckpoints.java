package io.khidma.core.audit.server;

import io.khidma.core.audit.AuditHashes;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.Checkpoint;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of the trail: from the last checkpoint's tree edge, it reads the entries added
 * since, checks that they chain on from it, and signs the new size and root. Entries commit in
 * trail order (appends hold the append lock until they commit), so what it reads is always a whole
 * prefix. Replicas may sign at once: one checkpoint per size is kept.
 */
final class AuditCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final Jdbi jdbi;
    private final AuditStore store;
    private final AuditSigningKey key;
    private final String origin;
    private final Clock clock;

    AuditCheckpoints(Jdbi jdbi, AuditStore store, AuditSigningKey key, String origin, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.key = key;
        this.origin = origin;
        this.clock = clock;
    }

    String verifierKey() {
        return key.verifierKey(origin);
    }

    String origin() {
        return origin;
    }

    /** Signs a checkpoint of the entries so far, unless the last one covers them all already. */
    Optional<Checkpoint> sign() {
        return jdbi.inTransaction(h -> {
            var last = store.latestCheckpoint(h);
            var edge = last.map(c -> AuditHashes.Edge.of(c.checkpoint().size(), c.edge()))
                    .orElseGet(AuditHashes.Edge::empty);
            var head = store.head(h);
            if (head.isEmpty() || head.get().seq() == edge.size()) {
                return Optional.<Checkpoint>empty();
            }
            var previous = new byte[][] {edge.size() == 0 ? AuditHashes.GENESIS : store.hashAt(h, edge.size())};
            var broken = new AuditEntry[1];
            store.forEach(h, edge.size(), head.get().seq(), entry -> {
                var canonical = entry.canonical();
                var hash = AuditHashes.chain(previous[0], canonical);
                if (broken[0] == null
                        && (entry.seq() != edge.size() + 1 || !Arrays.equals(hash, AuditHashes.unhex(entry.hash())))) {
                    broken[0] = entry;
                }
                edge.add(AuditHashes.leaf(canonical));
                previous[0] = hash;
            });
            if (broken[0] != null) {
                LOG.error(
                        "audit trail broken at entry {}: not signing a checkpoint; run khidma audit verify",
                        broken[0].seq());
                return Optional.<Checkpoint>empty();
            }
            var root = edge.root();
            var note = key.signCheckpoint(origin, edge.size(), root);
            var at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            store.insertCheckpoint(h, edge.size(), root, edge.roots(), note, at);
            return Optional.of(
                    new Checkpoint(edge.size(), java.util.Base64.getEncoder().encodeToString(root), at, note));
        });
    }
}
