package io.khidma.requests.model;

import java.time.Instant;

/**
 * One thing that happened to a request, for its timeline.
 *
 * @param type what happened: {@code submitted}, {@code status_changed}, {@code info_requested},
 *     {@code info_provided}, {@code assigned}, {@code paid}, {@code released}, {@code completed},
 *     {@code rated}
 * @param status the request's status after it
 * @param actor who did it: a citizen, an agency client, an officer, or {@code khidma}
 * @param summary what happened, in the reader's language
 * @param note the actor's note or reason, as written
 * @param requestNumber the request it happened to (a journey's timeline joins several)
 * @param agencyId the agency whose request it is
 */
public record TimelineEntry(
        Instant at,
        String type,
        RequestStatus status,
        String actor,
        String summary,
        String note,
        String requestNumber,
        String agencyId) {}
