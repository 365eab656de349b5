package io.khidma.payments.model;

import io.khidma.core.events.model.WebhookEventType;
import java.time.Instant;

/**
 * The body of a webhook delivery, in the Standard Webhooks shape {@code {type, timestamp, data}}.
 * Parse it from {@code WebhookMessage.body()} once the signature checked out.
 */
public record WebhookEvent(WebhookEventType type, Instant timestamp, Data data) {

    /** The payment as it stood after the event, and for refund events the refund. */
    public record Data(Payment payment, Refund refund) {}
}
