package io.khidma.payments.model;

/** A refund is {@code SUBMITTED} while the provider handles it, then {@code SUCCEEDED} or {@code FAILED}. */
public enum RefundStatus {
    SUBMITTED,
    SUCCEEDED,
    FAILED
}
