package io.khidma.core.audit.model;

import java.util.List;

/** A page of audit entries in trail order, with the cursor of the next page if there is one. */
public record AuditPage(List<AuditEntry> items, String next) {
    public AuditPage {
        items = List.copyOf(items);
    }
}
