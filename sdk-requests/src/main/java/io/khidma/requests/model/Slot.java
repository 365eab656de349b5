package io.khidma.requests.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A bookable slot and the places it has left.
 *
 * @param available places anyone may book now
 * @param priorityAvailable places the elderly and people of determination may book now
 * @param priorityReleaseAt when the held places become anyone's
 */
public record Slot(
        UUID id,
        String serviceCode,
        String agencyId,
        Area area,
        Instant startsAt,
        Instant endsAt,
        int capacity,
        int priorityCapacity,
        int available,
        int priorityAvailable,
        Instant priorityReleaseAt) {}
