package io.khidma.payments.model;

import java.time.Instant;

/**
 * One recorded change of a payment.
 *
 * @param sequence increasing across all events
 * @param type e.g. {@code payment.created}, {@code payment.captured}, {@code refund.submitted}
 * @param status the payment's status after the change
 * @param detail e.g. a decline reason or a refund id
 */
public record PaymentEvent(long sequence, String type, PaymentStatus status, Instant at, String detail) {}
