package io.khidma.core.events.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event's delivery to one endpoint, with every attempt.
 *
 * @param messageId the {@code webhook-id} header, the same on every attempt
 */
public record WebhookDelivery(
        UUID id,
        String messageId,
        WebhookEventType eventType,
        DeliveryStatus status,
        List<DeliveryAttempt> attempts,
        Instant nextAttemptAt,
        Instant createdAt) {

    public WebhookDelivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }
}
