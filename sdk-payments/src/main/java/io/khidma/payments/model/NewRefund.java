package io.khidma.payments.model;

import java.util.List;

/**
 * A refund to make.
 *
 * @param amount in minor units, positive
 * @param lineItems how the amount splits over line items; absent: over the caller's line items in order
 * @param reason shown in reports
 * @param expectedRefundableAmount when set, the refund is refused (409) unless exactly this much is
 *     still refundable: a guard against two people refunding on one stale view
 */
public record NewRefund(long amount, List<RefundLine> lineItems, String reason, Long expectedRefundableAmount) {

    public NewRefund {
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be positive");
        }
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        if (lineItems.size() > 50) {
            throw new IllegalArgumentException("line_items must hold at most 50 parts");
        }
        if (!lineItems.isEmpty()
                && lineItems.stream().mapToLong(RefundLine::amount).sum() != amount) {
            throw new IllegalArgumentException("line_items must add up to amount");
        }
        if (lineItems.stream().map(RefundLine::lineItem).distinct().count() != lineItems.size()) {
            throw new IllegalArgumentException("line_items must name each line item once");
        }
        if (reason != null && reason.length() > 255) {
            throw new IllegalArgumentException("reason must be at most 255 characters");
        }
        if (expectedRefundableAmount != null && expectedRefundableAmount < 0) {
            throw new IllegalArgumentException("expected_refundable_amount must not be negative");
        }
    }

    public static NewRefund of(long amount, String reason) {
        return new NewRefund(amount, List.of(), reason, null);
    }

    /** The same refund, refused unless exactly {@code refundable} is still refundable. */
    public NewRefund expecting(long refundable) {
        return new NewRefund(amount, lineItems, reason, refundable);
    }

    public NewRefund split(RefundLine... lines) {
        return new NewRefund(amount, List.of(lines), reason, expectedRefundableAmount);
    }
}
