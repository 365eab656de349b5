package io.khidma.core.audit;

import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.Checkpoint;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a downloaded audit trail offline: every entry in place (no gap, no repeat), every hash
 * following from the entries before it, every checkpoint signed by the pinned key, and every
 * checkpoint's Merkle root recomputed from the entries it covers. The first failure is reported
 * with its position.
 *
 * <pre>{@code
 * var report = AuditVerifier.verify(audit.entries(AuditQuery.all()), audit.checkpoints(), pinnedKey);
 * if (!report.ok()) System.err.println(report.failure().get());
 * }</pre>
 */
public final class AuditVerifier {

    /** What was checked, and the first failure if there was one. */
    public record Report(long entries, int checkpoints, Optional<Failure> failure) {
        public boolean ok() {
            return failure.isEmpty();
        }
    }

    /**
     * Where the trail stops being what was signed.
     *
     * @param position the first entry (seq) known to be wrong, missing or misplaced
     * @param reason what is wrong there
     */
    public record Failure(long position, String reason) {
        @Override
        public String toString() {
            return "entry " + position + ": " + reason;
        }
    }

    private AuditVerifier() {}

    /**
     * @param entries the whole trail, in trail order
     * @param checkpoints the checkpoints to hold it to, in any order
     * @param verifierKey the C2SP verifier key the checkpoints must be signed with, pinned by the
     *     auditor (not the one the server offers alongside them)
     */
    public static Report verify(Iterable<AuditEntry> entries, List<Checkpoint> checkpoints, String verifierKey) {
        Objects.requireNonNull(verifierKey, "verifierKey");
        var ordered = checkpoints.stream()
                .sorted(Comparator.comparingLong(Checkpoint::size))
                .toList();
        var signedRoots = new byte[ordered.size()][];
        for (int i = 0; i < ordered.size(); i++) {
            var checkpoint = ordered.get(i);
            SignedNote.Body body;
            try {
                body = SignedNote.open(checkpoint.note(), verifierKey);
            } catch (IllegalArgumentException e) {
                return new Report(
                        0,
                        i,
                        Optional.of(new Failure(
                                checkpoint.size(),
                                "the checkpoint of size " + checkpoint.size() + " is not signed by the pinned key: "
                                        + e.getMessage())));
            }
            if (body.size() != checkpoint.size()
                    || !Arrays.equals(body.root(), Base64.getDecoder().decode(checkpoint.root()))) {
                return new Report(
                        0,
                        i,
                        Optional.of(
                                new Failure(checkpoint.size(), "the checkpoint's fields differ from its signed note")));
            }
            signedRoots[i] = body.root();
        }

        var edge = AuditHashes.Edge.empty();
        var previous = AuditHashes.GENESIS;
        int next = 0;
        long lastGood = 0;
        for (var entry : entries) {
            long expected = edge.size() + 1;
            if (entry.seq() != expected) {
                return report(
                        edge.size(),
                        next,
                        new Failure(
                                expected,
                                entry.seq() > expected
                                        ? "missing: the trail goes on at entry " + entry.seq()
                                        : "out of place: entry " + entry.seq() + " comes again after entry "
                                                + (expected - 1)));
            }
            var canonical = entry.canonical();
            var hash = AuditHashes.chain(previous, canonical);
            if (!MessageDigest.isEqual(hash, AuditHashes.unhex(entry.hash()))) {
                return report(
                        edge.size(),
                        next,
                        new Failure(
                                entry.seq(), "changed, or moved: its hash does not follow from the entries before it"));
            }
            previous = hash;
            edge.add(AuditHashes.leaf(canonical));
            while (next < ordered.size() && ordered.get(next).size() == edge.size()) {
                if (!MessageDigest.isEqual(edge.root(), signedRoots[next])) {
                    return report(
                            edge.size(),
                            next,
                            new Failure(
                                    lastGood + 1,
                                    "entries " + (lastGood + 1) + " to " + edge.size()
                                            + " are not what the checkpoint of size " + edge.size() + " signed"));
                }
                lastGood = edge.size();
                next++;
            }
        }
        if (next < ordered.size()) {
            return report(
                    edge.size(),
                    next,
                    new Failure(
                            edge.size() + 1,
                            "missing: a checkpoint covers " + ordered.get(next).size() + " entries, the trail has "
                                    + edge.size()));
        }
        return new Report(edge.size(), next, Optional.empty());
    }

    private static Report report(long entries, int checkpoints, Failure failure) {
        return new Report(entries, checkpoints, Optional.of(failure));
    }
}
