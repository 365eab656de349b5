package io.khidma.payments.model;

/**
 * The part of a refund that goes back against one line item.
 *
 * @param lineItem the line item's {@link LineItem#number()}
 * @param amount in minor units, positive
 */
public record RefundLine(int lineItem, long amount) {

    public RefundLine {
        if (lineItem < 1) {
            throw new IllegalArgumentException("line_item must be a line item number, from 1");
        }
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }
}
