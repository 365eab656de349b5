package io.khidma.payments.model;

import java.util.List;

/** The refunds of a payment, oldest first. */
public record RefundList(List<Refund> items) {

    public RefundList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
