package io.khidma.requests.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a visit stands: {@code BOOKED → DISPATCHED → EN_ROUTE → ON_SITE → DONE}; {@code
 * RESCHEDULED} is a booking moved to another slot (dispatched like a booked one); {@code CANCELLED}
 * before the consultant sets out, {@code NO_SHOW} when the citizen is not there.
 */
public enum VisitStatus {
    BOOKED,
    RESCHEDULED,
    DISPATCHED,
    EN_ROUTE,
    ON_SITE,
    DONE,
    CANCELLED,
    NO_SHOW;

    private static final Map<VisitStatus, Set<VisitStatus>> NEXT = Map.of(
            BOOKED, EnumSet.of(RESCHEDULED, DISPATCHED, CANCELLED),
            RESCHEDULED, EnumSet.of(RESCHEDULED, DISPATCHED, CANCELLED),
            DISPATCHED, EnumSet.of(RESCHEDULED, EN_ROUTE, CANCELLED, NO_SHOW),
            EN_ROUTE, EnumSet.of(ON_SITE, NO_SHOW),
            ON_SITE, EnumSet.of(DONE, NO_SHOW),
            DONE, EnumSet.noneOf(VisitStatus.class),
            CANCELLED, EnumSet.noneOf(VisitStatus.class),
            NO_SHOW, EnumSet.noneOf(VisitStatus.class));

    public boolean canMoveTo(VisitStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the visit still holds its place in the slot. */
    public boolean isActive() {
        return !NEXT.get(this).isEmpty();
    }
}
