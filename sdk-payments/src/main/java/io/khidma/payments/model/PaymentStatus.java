package io.khidma.payments.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a payment stands. {@code CREATED → STARTED → AUTHORISED → CAPTURED} is the way to success;
 * every other ending is final too. The server refuses any change {@link #canBecome} does not allow.
 */
public enum PaymentStatus {
    /** Created by the service; the citizen has not opened the payment page yet. */
    CREATED,
    /** The citizen opened the payment page. */
    STARTED,
    /** The provider authorised the card; awaiting capture (delayed capture only). */
    AUTHORISED,
    /** The money was taken. */
    CAPTURED,
    /** The provider or the card's bank refused. */
    DECLINED,
    /** The service cancelled it. */
    CANCELLED,
    /** The citizen gave up on the payment page. */
    ABANDONED,
    /** Not completed within the expiry time. */
    EXPIRED,
    /** The provider failed or did not answer in time; nothing was captured. */
    ERROR;

    private Set<PaymentStatus> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(STARTED, CANCELLED, EXPIRED);
            case STARTED -> EnumSet.of(AUTHORISED, DECLINED, CANCELLED, ABANDONED, EXPIRED, ERROR);
            case AUTHORISED -> EnumSet.of(CAPTURED, CANCELLED, ERROR);
            case CAPTURED, DECLINED, CANCELLED, ABANDONED, EXPIRED, ERROR -> EnumSet.noneOf(PaymentStatus.class);
        };
    }

    /** Whether a payment in this status may move to {@code target}. */
    public boolean canBecome(PaymentStatus target) {
        return next().contains(target);
    }

    /** Whether nothing can happen to the payment any more (refunds aside). */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** The statuses that may move to {@code target}. */
    public static Set<PaymentStatus> before(PaymentStatus target) {
        var from = EnumSet.noneOf(PaymentStatus.class);
        for (var status : values()) {
            if (status.canBecome(target)) {
                from.add(status);
            }
        }
        return from;
    }
}
