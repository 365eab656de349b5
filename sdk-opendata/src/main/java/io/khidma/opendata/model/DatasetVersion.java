package io.khidma.opendata.model;

import java.time.Instant;

/**
 * One immutable version of a dataset's data.
 *
 * @param bytes the size of the CSV uploaded
 * @param sha256 hex digest of the CSV uploaded
 * @param tableSchema the schema it was validated against
 */
public record DatasetVersion(
        int number, long rowCount, long bytes, String sha256, Instant createdAt, TableSchema tableSchema) {}
