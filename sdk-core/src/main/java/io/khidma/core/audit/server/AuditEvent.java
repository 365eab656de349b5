package io.khidma.core.audit.server;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A privileged write, as the feature making it describes it to {@link AuditTrail#record}: what was
 * done to which resource of which agencies, and the resource before and after (kept as digests
 * only). Who and from where come from the request.
 *
 * <pre>{@code
 * audit.record(h, AuditEvent.of("dataset.publish", "dataset", id.toString(), List.of(publisher))
 *         .before(previous).after(published));
 * }</pre>
 */
public record AuditEvent(
        String action,
        String resourceType,
        String resourceId,
        List<String> agencies,
        Object before,
        Object after,
        String onBehalfOf) {

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        agencies =
                agencies.stream().filter(Objects::nonNull).distinct().sorted().toList();
    }

    public static AuditEvent of(String action, String resourceType, String resourceId, Collection<String> agencies) {
        return new AuditEvent(action, resourceType, resourceId, List.copyOf(agencies), null, null, null);
    }

    public static AuditEvent of(String action, String resourceType, String resourceId, String agency) {
        return of(action, resourceType, resourceId, agency == null ? List.of() : List.of(agency));
    }

    /** The resource as it was before the write. */
    public AuditEvent before(Object state) {
        return new AuditEvent(action, resourceType, resourceId, agencies, state, after, onBehalfOf);
    }

    /** The resource as the write left it. */
    public AuditEvent after(Object state) {
        return new AuditEvent(action, resourceType, resourceId, agencies, before, state, onBehalfOf);
    }

    /** The citizen an agency acted for. */
    public AuditEvent onBehalfOf(String citizen) {
        return new AuditEvent(action, resourceType, resourceId, agencies, before, after, citizen);
    }
}
