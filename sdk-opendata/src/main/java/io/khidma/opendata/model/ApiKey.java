package io.khidma.opendata.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key for open-data reads with the higher per-key rate limit, sent as {@code X-API-Key}.
 *
 * @param key the key itself: shown once, when issued; only a hash of it is kept
 */
public record ApiKey(UUID id, String name, String key, Instant createdAt) {}
