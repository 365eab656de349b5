package io.khidma.core.events.model;

import java.util.List;

public record WebhookDeliveryPage(List<WebhookDelivery> items, String next) {

    public WebhookDeliveryPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
