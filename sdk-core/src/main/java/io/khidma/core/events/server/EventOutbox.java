package io.khidma.core.events.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.json.KhidmaJson;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Where a module writes the events it raises, in the same transaction as the change they report:
 * the change and its event commit together or not at all. The {@link WebhooksFeature} mounted
 * beside the module delivers them, at least once, to the endpoints of the agencies concerned and to
 * platform endpoints subscribed to the type. Stateless and thread-safe.
 *
 * <pre>{@code
 * jdbi.useTransaction(h -> {
 *     store.approve(h, request);
 *     outbox.publish(h, WebhookEventType.REQUEST_STATUS_CHANGED, List.of(request.agencyId()),
 *             request.number(), EventOutbox.json(event), now);
 * });
 * }</pre>
 */
public final class EventOutbox {

    private final WebhookStore store = new WebhookStore();

    /**
     * Records one event for {@code agencies}; its {@code webhook-id} is the same on every attempt to
     * every endpoint.
     *
     * @param subject what the event is about (a payment id, a request number), for the operator
     * @param payload the JSON body every endpoint receives
     * @return the event's message id
     */
    public String publish(
            Handle h, WebhookEventType type, Collection<String> agencies, String subject, byte[] payload, Instant now) {
        Objects.requireNonNull(type, "type");
        if (agencies.isEmpty()) {
            throw new IllegalArgumentException("an event concerns at least one agency");
        }
        var messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        store.enqueue(
                h, messageId, type, agencies, Objects.requireNonNull(subject, "subject"), payload, traceparent(), now);
        return messageId;
    }

    /** The W3C traceparent of the span in progress, for the deliveries to continue its trace; null without one. */
    private static String traceparent() {
        var context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex();
    }

    /** An event body as Khidma's JSON. */
    public static byte[] json(Object body) {
        try {
            return KhidmaJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event body must serialise to JSON", e);
        }
    }
}
