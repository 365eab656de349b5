package io.khidma.payments.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A refund of part or all of a captured payment. */
public record Refund(
        UUID id,
        UUID paymentId,
        long amount,
        RefundStatus status,
        List<RefundLine> lineItems,
        String reason,
        Instant createdAt) {

    public Refund {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }
}
