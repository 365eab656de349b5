package io.khidma.core.events.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered endpoint.
 *
 * @param platform whether the endpoint receives every agency's events (registered by a platform
 *     client), not only its own agency's
 * @param secret the {@code whsec_...} signing secret: only in the answers that create it (registration
 *     and rotation); keep it then, it is never shown again
 */
public record WebhookEndpoint(
        UUID id,
        String agencyId,
        URI url,
        List<WebhookEventType> eventTypes,
        boolean platform,
        String description,
        Instant createdAt,
        String secret) {

    public WebhookEndpoint {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", agencyId=" + agencyId + ", url=" + url + ", eventTypes=" + eventTypes
                + (platform ? ", platform" : "") + (secret == null ? "" : ", secret=<redacted>") + "]";
    }
}
