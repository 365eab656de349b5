package io.khidma.requests.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a service request stands. {@code DRAFT → SUBMITTED → IN_REVIEW → (INFO_REQUESTED ↔
 * SUBMITTED) → APPROVED | REJECTED}, then {@code APPROVED → COMPLETED}; {@code CANCELLED} by the
 * citizen before a decision, {@code WITHDRAWN} by the agency with a reason. A step of a journey
 * waits {@code BLOCKED} until the steps it depends on complete.
 */
public enum RequestStatus {
    DRAFT,
    BLOCKED,
    SUBMITTED,
    IN_REVIEW,
    INFO_REQUESTED,
    APPROVED,
    REJECTED,
    COMPLETED,
    CANCELLED,
    WITHDRAWN;

    private static final Map<RequestStatus, Set<RequestStatus>> NEXT = Map.of(
            DRAFT, EnumSet.of(SUBMITTED, CANCELLED),
            BLOCKED, EnumSet.of(SUBMITTED, CANCELLED, WITHDRAWN),
            SUBMITTED, EnumSet.of(IN_REVIEW, CANCELLED, WITHDRAWN),
            IN_REVIEW, EnumSet.of(INFO_REQUESTED, APPROVED, REJECTED, CANCELLED, WITHDRAWN),
            INFO_REQUESTED, EnumSet.of(SUBMITTED, CANCELLED, WITHDRAWN),
            APPROVED, EnumSet.of(COMPLETED, WITHDRAWN),
            REJECTED, EnumSet.noneOf(RequestStatus.class),
            COMPLETED, EnumSet.noneOf(RequestStatus.class),
            CANCELLED, EnumSet.noneOf(RequestStatus.class),
            WITHDRAWN, EnumSet.noneOf(RequestStatus.class));

    /** Whether the status machine allows the move from this status to {@code next}. */
    public boolean canMoveTo(RequestStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether nothing more can happen to the request. */
    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** Whether the agency has yet to decide: the service level runs. */
    public boolean awaitsAgency() {
        return this == SUBMITTED || this == IN_REVIEW || this == INFO_REQUESTED || this == APPROVED;
    }
}
