package io.khidma.payments.model;

import java.util.List;

public record WebhookDeliveryPage(List<WebhookDelivery> items, String next) {

    public WebhookDeliveryPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
