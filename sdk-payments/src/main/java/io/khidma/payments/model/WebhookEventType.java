package io.khidma.payments.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The events an agency's webhook endpoint can subscribe to. */
public enum WebhookEventType {
    PAYMENT_AUTHORISED("payment.authorised"),
    PAYMENT_CAPTURED("payment.captured"),
    PAYMENT_DECLINED("payment.declined"),
    PAYMENT_CANCELLED("payment.cancelled"),
    PAYMENT_ABANDONED("payment.abandoned"),
    PAYMENT_EXPIRED("payment.expired"),
    PAYMENT_FAILED("payment.failed"),
    PAYMENT_REFUNDED("payment.refunded"),
    REFUND_FAILED("refund.failed");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static WebhookEventType of(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + wireName));
    }

    /** The event a payment's move into {@code status} sends, if any. */
    public static Optional<WebhookEventType> forStatus(PaymentStatus status) {
        return Optional.ofNullable(
                switch (status) {
                    case AUTHORISED -> PAYMENT_AUTHORISED;
                    case CAPTURED -> PAYMENT_CAPTURED;
                    case DECLINED -> PAYMENT_DECLINED;
                    case CANCELLED -> PAYMENT_CANCELLED;
                    case ABANDONED -> PAYMENT_ABANDONED;
                    case EXPIRED -> PAYMENT_EXPIRED;
                    case ERROR -> PAYMENT_FAILED;
                    case CREATED, STARTED -> null;
                });
    }

    @Override
    public String toString() {
        return wireName;
    }
}
