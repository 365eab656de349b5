package io.khidma.opendata.server;

import java.time.Instant;
import java.util.UUID;

/**
 * A dataset search as the store runs it; every condition is optional.
 *
 * @param own the caller's agency, whose drafts are found beside the published datasets
 * @param tsquery the analysed query terms as a PostgreSQL tsquery
 * @param ranked whether matches come by relevance first (or only newest change first)
 * @param format only datasets that download in this format ({@link ExportFormat#extension})
 * @param after where the previous page ended, or {@code null} for the first page
 */
record DatasetSearch(
        String own,
        String tsquery,
        boolean ranked,
        String publisher,
        String theme,
        String keyword,
        Instant modifiedSince,
        String format,
        After after) {

    /** The last hit of the previous page. */
    record After(float rank, Instant modified, UUID id) {}
}
