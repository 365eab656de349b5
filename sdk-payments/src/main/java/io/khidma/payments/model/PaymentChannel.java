package io.khidma.payments.model;

/** Where the citizen pays. */
public enum PaymentChannel {
    WEB,
    MOBILE_APP,
    KIOSK,
    CALL_CENTRE,
    SERVICE_CENTRE
}
