package io.khidma.core.server;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Duration;

/**
 * Idempotency keys for every mutating {@code POST} of the application (see {@link
 * IdempotencyFilter}). The database must have been migrated with {@code migrate("idempotency")}.
 */
public final class IdempotencyFeature implements Feature {

    /** How long a key and its response are kept. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private final IdempotencyStore store;

    public IdempotencyFeature(Database database) {
        this.store = new IdempotencyStore(database.jdbi(), RETENTION);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new IdempotencyFilter(store));
        return true;
    }
}
