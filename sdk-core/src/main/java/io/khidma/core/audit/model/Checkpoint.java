package io.khidma.core.audit.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed checkpoint of the audit trail: the RFC 6962 root of its first {@code size} entries,
 * signed by the platform as a C2SP signed note. Keep copies elsewhere: a later trail that does not
 * extend them proves tampering.
 *
 * @param size how many entries the checkpoint covers
 * @param root the Merkle tree hash of those entries, base64
 * @param at when it was signed
 * @param note the signed note itself
 */
public record Checkpoint(long size, String root, Instant at, String note) {
    public Checkpoint {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(note, "note");
    }
}
