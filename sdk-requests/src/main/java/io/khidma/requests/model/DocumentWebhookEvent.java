package io.khidma.requests.model;

import io.khidma.core.events.model.WebhookEventType;
import java.time.Instant;

/** The body of a {@code document.issued} or {@code document.revoked} webhook. */
public record DocumentWebhookEvent(WebhookEventType type, Instant timestamp, Data data) {

    /** The document after the event. */
    public record Data(IssuedDocument document) {}
}
