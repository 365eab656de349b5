package io.khidma.requests.model;

import java.net.URI;
import java.util.UUID;

/**
 * The payment of a request's submission fees, through unified payments.
 *
 * @param nextUrl the hosted payment page to send the citizen to
 * @param status the payment's status when the request was read
 */
public record PaymentDue(UUID id, long amount, String currency, URI nextUrl, String status) {}
