package io.khidma.payments.model;

import java.util.List;

/** One page of payments; {@code next} is the cursor of the following page, absent on the last. */
public record PaymentPage(List<Payment> items, String next) {

    public PaymentPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
