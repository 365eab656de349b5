package io.khidma.core.server;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Idempotency keys for every mutating {@code POST} of the application (see {@link
 * IdempotencyFilter}). The database must have been migrated with {@code migrate("idempotency")}.
 * Keys past their retention are deleted about once an hour, by whichever request comes then.
 */
public final class IdempotencyFeature implements Feature {

    /** How long a key and its response are kept. */
    public static final Duration RETENTION = Duration.ofHours(24);

    /**
     * How long a claimed key may wait for its response before a retry takes it over: longer than
     * any request takes (provider calls time out well within it).
     */
    public static final Duration IN_PROGRESS_LEASE = Duration.ofSeconds(60);

    private final IdempotencyStore store;

    public IdempotencyFeature(Database database) {
        this(database, IN_PROGRESS_LEASE);
    }

    /** With another in-progress lease than {@link #IN_PROGRESS_LEASE}. */
    public IdempotencyFeature(Database database, Duration inProgressLease) {
        Objects.requireNonNull(inProgressLease, "inProgressLease");
        if (inProgressLease.isNegative() || inProgressLease.isZero()) {
            throw new IllegalArgumentException("inProgressLease must be positive");
        }
        this.store = new IdempotencyStore(database, RETENTION, inProgressLease);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new IdempotencyFilter(store));
        return true;
    }
}
