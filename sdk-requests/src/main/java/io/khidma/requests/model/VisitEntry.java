package io.khidma.requests.model;

import java.time.Instant;

/** One change of a visit: when, what, who and why. */
public record VisitEntry(Instant at, String type, String actor, String note) {}
