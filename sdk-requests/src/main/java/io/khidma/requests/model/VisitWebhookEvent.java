package io.khidma.requests.model;

import io.khidma.core.events.model.WebhookEventType;
import java.time.Instant;

/**
 * The body of a visit event delivered to a webhook endpoint ({@code visit.booked}, {@code
 * visit.dispatched}, {@code visit.done}, ...), in the Standard Webhooks shape.
 */
public record VisitWebhookEvent(WebhookEventType type, Instant timestamp, Data data) {

    /** The visit after the event (no history). */
    public record Data(Visit visit) {}
}
