package io.khidma.core.audit;

import java.time.Instant;

/**
 * Which audit entries to read; every field is optional.
 *
 * @param agency entries concerning this agency (an agency's auditor gets only its own anyway)
 * @param action e.g. {@code payment.refund}
 * @param resourceType e.g. {@code dataset}
 * @param resourceId one resource's entries
 * @param from at or after
 * @param to before
 */
public record AuditQuery(
        String agency, String action, String resourceType, String resourceId, Instant from, Instant to) {

    /** The whole trail the credentials may read. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null);
    }

    public AuditQuery withAgency(String value) {
        return new AuditQuery(value, action, resourceType, resourceId, from, to);
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(agency, value, resourceType, resourceId, from, to);
    }

    public AuditQuery withResource(String type, String id) {
        return new AuditQuery(agency, action, type, id, from, to);
    }

    public AuditQuery between(Instant start, Instant end) {
        return new AuditQuery(agency, action, resourceType, resourceId, start, end);
    }
}
