package io.khidma.requests.model;

import io.khidma.core.events.model.WebhookEventType;
import java.time.Instant;

/**
 * The body of a request event delivered to a webhook endpoint ({@code request.submitted}, {@code
 * request.status_changed}, ...), in the Standard Webhooks shape {@code {type, timestamp, data}}.
 * Parse it from {@code WebhookMessage.body()} once the signature checked out.
 */
public record RequestWebhookEvent(WebhookEventType type, Instant timestamp, Data data) {

    /** The request as its agency sees it after the event (no timeline). */
    public record Data(ServiceRequest request) {}
}
