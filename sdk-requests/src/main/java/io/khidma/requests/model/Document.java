package io.khidma.requests.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An uploaded document: its type is checked from its first bytes, not taken from its name.
 *
 * @param sha256 the hex SHA-256 of the content, to check a copy against
 * @param owner the citizen it belongs to
 */
public record Document(
        UUID id, String mediaType, long size, String sha256, String filename, String owner, Instant createdAt) {}
