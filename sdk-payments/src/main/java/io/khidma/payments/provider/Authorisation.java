package io.khidma.payments.provider;

import java.util.Objects;

/**
 * The provider's answer to an authorisation.
 *
 * @param authorised whether the card was authorised
 * @param providerReference the provider's id for the authorisation; needed to capture, cancel, refund
 * @param declineCode why not, when declined: e.g. {@code card_declined}, {@code insufficient_funds}
 */
public record Authorisation(boolean authorised, String providerReference, String declineCode) {

    public static Authorisation authorised(String providerReference) {
        return new Authorisation(true, Objects.requireNonNull(providerReference, "providerReference"), null);
    }

    public static Authorisation declined(String declineCode) {
        return new Authorisation(false, null, Objects.requireNonNull(declineCode, "declineCode"));
    }
}
