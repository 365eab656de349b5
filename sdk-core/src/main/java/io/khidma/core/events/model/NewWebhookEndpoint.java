package io.khidma.core.events.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An endpoint to register for the token's agency.
 *
 * @param platform {@code true} to receive the events of every agency; needs scope {@code
 *     webhooks:platform}. Absent means the registering agency's own events only.
 */
public record NewWebhookEndpoint(URI url, List<WebhookEventType> eventTypes, String description, Boolean platform) {

    public NewWebhookEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(eventTypes, "event_types");
        eventTypes = List.copyOf(eventTypes);
        if (eventTypes.isEmpty()) {
            throw new IllegalArgumentException("event_types must name at least one event");
        }
        var scheme = url.getScheme();
        if (!url.isAbsolute()
                || !("https".equals(scheme) || "http".equals(scheme))
                || url.getHost() == null
                || url.toString().length() > 2000) {
            throw new IllegalArgumentException("url must be an absolute http(s) URL of at most 2000 characters");
        }
        if (description != null && description.length() > 255) {
            throw new IllegalArgumentException("description must be at most 255 characters");
        }
    }

    public static NewWebhookEndpoint of(URI url, WebhookEventType... eventTypes) {
        return new NewWebhookEndpoint(url, List.of(eventTypes), null, null);
    }

    /** An endpoint receiving the given events of every agency. */
    public static NewWebhookEndpoint platform(URI url, WebhookEventType... eventTypes) {
        return new NewWebhookEndpoint(url, List.of(eventTypes), null, true);
    }

    public boolean isPlatform() {
        return Boolean.TRUE.equals(platform);
    }
}
