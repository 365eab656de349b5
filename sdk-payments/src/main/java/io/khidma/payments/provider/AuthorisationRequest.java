package io.khidma.payments.provider;

import java.util.Objects;
import java.util.UUID;

/**
 * What the provider is asked to authorise.
 *
 * @param paymentId our payment's id, for the provider's idempotency and its reports
 * @param amount in minor units
 * @param currency ISO 4217
 */
public record AuthorisationRequest(UUID paymentId, long amount, String currency, String description, CardDetails card) {

    public AuthorisationRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(card, "card");
    }
}
