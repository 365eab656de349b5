package io.khidma.requests.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A visit booked for a request: a consultant brings the service to the citizen's place in a slot.
 *
 * @param sequence the invitation's SEQUENCE (RFC 5545), raised on every reschedule and cancellation
 * @param history every change, oldest first; empty in lists
 */
public record Visit(
        UUID id,
        String requestNumber,
        String serviceCode,
        String agencyId,
        String citizen,
        Slot slot,
        Place place,
        String contactPhone,
        PriorityGroup priorityGroup,
        String language,
        VisitStatus status,
        String consultant,
        String vehicle,
        int sequence,
        Integer visitRating,
        Integer serviceRating,
        Instant createdAt,
        Instant updatedAt,
        List<VisitEntry> history) {

    public Visit {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
