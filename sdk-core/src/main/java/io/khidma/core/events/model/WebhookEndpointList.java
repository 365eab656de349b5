package io.khidma.core.events.model;

import java.util.List;

public record WebhookEndpointList(List<WebhookEndpoint> items) {

    public WebhookEndpointList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
