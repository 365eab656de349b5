package io.khidma.core.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Every event the platform sends to agencies' webhook endpoints, whichever module raises it: one
 * list, so an agency subscribes one endpoint to payment and request events alike, and a receiver
 * can switch on the type before it parses the body.
 */
public enum WebhookEventType {
    PAYMENT_AUTHORISED("payment.authorised"),
    PAYMENT_CAPTURED("payment.captured"),
    PAYMENT_DECLINED("payment.declined"),
    PAYMENT_CANCELLED("payment.cancelled"),
    PAYMENT_ABANDONED("payment.abandoned"),
    PAYMENT_EXPIRED("payment.expired"),
    PAYMENT_FAILED("payment.failed"),
    PAYMENT_REFUNDED("payment.refunded"),
    REFUND_FAILED("refund.failed"),
    REQUEST_SUBMITTED("request.submitted"),
    REQUEST_STATUS_CHANGED("request.status_changed"),
    REQUEST_INFO_REQUESTED("request.info_requested"),
    REQUEST_ASSIGNED("request.assigned"),
    REQUEST_COMPLETED("request.completed"),
    REQUEST_RATED("request.rated"),
    VISIT_BOOKED("visit.booked"),
    VISIT_RESCHEDULED("visit.rescheduled"),
    VISIT_CANCELLED("visit.cancelled"),
    VISIT_DISPATCHED("visit.dispatched"),
    VISIT_EN_ROUTE("visit.en_route"),
    VISIT_ON_SITE("visit.on_site"),
    VISIT_DONE("visit.done"),
    VISIT_NO_SHOW("visit.no_show"),
    VISIT_RATED("visit.rated"),
    DOCUMENT_ISSUED("document.issued"),
    DOCUMENT_REVOKED("document.revoked");

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

    @Override
    public String toString() {
        return wireName;
    }
}
