package io.khidma.core.audit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the audit feature signs and serves: the origin its checkpoints name (the C2SP log name, e.g.
 * {@code api.khidma.example/audit}), the key that signs them, and how often one is signed when
 * entries were added.
 */
public record AuditOptions(String origin, AuditSigningKey signingKey, Duration checkpointInterval) {

    public AuditOptions {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (origin.isBlank() || origin.contains("\n") || origin.contains(" ") || origin.contains("+")) {
            throw new IllegalArgumentException("an origin is one word without '+', e.g. api.khidma.example/audit");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpointInterval must be positive");
        }
    }

    /** Origin {@code khidma/audit}, the key of {@code KHIDMA_AUDIT_KEY}, a checkpoint a minute. */
    public static AuditOptions defaults() {
        return new AuditOptions("khidma/audit", AuditSigningKey.fromEnvironment(), Duration.ofMinutes(1));
    }

    public AuditOptions withOrigin(String newOrigin) {
        return new AuditOptions(newOrigin, signingKey, checkpointInterval);
    }

    public AuditOptions withSigningKey(AuditSigningKey key) {
        return new AuditOptions(origin, key, checkpointInterval);
    }

    public AuditOptions withCheckpointInterval(Duration interval) {
        return new AuditOptions(origin, signingKey, interval);
    }
}
