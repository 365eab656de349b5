package io.khidma.payments.model;

import java.util.List;

/** Every event of a payment, oldest first. */
public record PaymentEventList(List<PaymentEvent> items) {

    public PaymentEventList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
