package io.khidma.payments.provider;

import java.util.UUID;

/**
 * A card acquirer or payment service provider. The payments server calls it with a deadline and a
 * circuit breaker around every call (see {@code ProviderOptions}), so an implementation may simply
 * block on its network call. Implementations must be thread-safe, and each operation idempotent
 * for the same arguments: after a timeout the server may call again.
 *
 * <p>{@link SandboxProvider} is the one for development, with test cards. A real acquirer plugs in
 * behind this same interface.
 */
public interface PaymentProvider {

    /** Authorises the card for the amount; declines are answers, failures are exceptions. */
    Authorisation authorise(AuthorisationRequest request);

    /** Takes the authorised amount. */
    void capture(String providerReference, long amount, String currency);

    /**
     * Voids an authorisation that will not be captured. After a timeout the server does not know
     * the provider's reference ({@code null}) and the provider finds the authorisation, if any, by
     * our payment id, which {@link #authorise} passed it.
     */
    void cancel(UUID paymentId, String providerReference);

    /** Gives {@code amount} of a captured payment back; {@code refundId} is the idempotency key. */
    void refund(String providerReference, UUID refundId, long amount, String currency);
}
