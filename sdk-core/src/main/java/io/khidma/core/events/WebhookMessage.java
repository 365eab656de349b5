package io.khidma.core.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A delivery whose signature and timestamp checked out.
 *
 * @param id the {@code webhook-id}: the same on every retry of one event, so receivers de-duplicate on it
 * @param timestamp when it was signed
 * @param body the raw body, exactly as signed
 */
public record WebhookMessage(String id, Instant timestamp, byte[] body) {

    public WebhookMessage {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
