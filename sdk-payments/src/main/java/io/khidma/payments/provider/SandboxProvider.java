package io.khidma.payments.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A payment provider for development and tests: no money moves. The card number decides the outcome:
 *
 * <table>
 *   <caption>Test cards (any future expiry, any 3-digit code)</caption>
 *   <tr><th>number</th><th>outcome</th></tr>
 *   <tr><td>4242 4242 4242 4242, 5555 5555 5555 4444</td><td>authorised and captured</td></tr>
 *   <tr><td>4000 0000 0000 0002</td><td>declined: {@code card_declined}</td></tr>
 *   <tr><td>4000 0000 0000 9995</td><td>declined: {@code insufficient_funds}</td></tr>
 *   <tr><td>4000 0000 0000 0408</td><td>the provider does not answer (the payment ends in {@code ERROR})</td></tr>
 *   <tr><td>4000 0000 0000 0119</td><td>the provider fails with an error ({@code ERROR})</td></tr>
 * </table>
 *
 * Any other valid number is authorised. It keeps what it authorised, captured and refunded in
 * memory, and refuses a capture or refund it cannot match, as a real acquirer would.
 */
public final class SandboxProvider implements PaymentProvider {

    public static final String SUCCESS_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";
    public static final String INSUFFICIENT_FUNDS_CARD = "4000000000009995";
    public static final String TIMEOUT_CARD = "4000000000000408";
    public static final String ERROR_CARD = "4000000000000119";

    private record Charge(long authorised, long captured, long refunded, boolean cancelled) {}

    private final Map<String, Charge> charges = new ConcurrentHashMap<>();
    private final Set<UUID> refunds = ConcurrentHashMap.newKeySet();
    private final Duration hang;
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A sandbox provider whose timeout card hangs for a minute, longer than any sensible deadline. */
    public SandboxProvider() {
        this(Duration.ofMinutes(1));
    }

    /** @param hang how long the timeout card keeps the call waiting */
    public SandboxProvider(Duration hang) {
        this.hang = Objects.requireNonNull(hang, "hang");
    }

    @Override
    public Authorisation authorise(AuthorisationRequest request) {
        switch (request.card().number()) {
            case DECLINED_CARD:
                return Authorisation.declined("card_declined");
            case INSUFFICIENT_FUNDS_CARD:
                return Authorisation.declined("insufficient_funds");
            case ERROR_CARD:
                throw new ProviderException("sandbox: processing error");
            case TIMEOUT_CARD:
                try {
                    // A latch rather than a sleep: close() releases waiting calls at once.
                    closed.await(hang.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ProviderException("sandbox: no answer");
            default:
                var reference = reference(request.paymentId());
                charges.putIfAbsent(reference, new Charge(request.amount(), 0, 0, false));
                return Authorisation.authorised(reference);
        }
    }

    @Override
    public void capture(String providerReference, long amount, String currency) {
        charges.compute(providerReference, (reference, charge) -> {
            if (charge == null || charge.cancelled() || amount != charge.authorised()) {
                throw new ProviderException("sandbox: nothing authorised to capture for " + reference);
            }
            return new Charge(charge.authorised(), amount, charge.refunded(), false);
        });
    }

    @Override
    public void cancel(UUID paymentId, String providerReference) {
        var reference = providerReference != null ? providerReference : reference(paymentId);
        charges.computeIfPresent(
                reference, (key, charge) -> new Charge(charge.authorised(), charge.captured(), 0, true));
    }

    @Override
    public void refund(String providerReference, UUID refundId, long amount, String currency) {
        if (refunds.contains(refundId)) {
            return;
        }
        charges.compute(providerReference, (reference, charge) -> {
            if (charge == null || charge.refunded() + amount > charge.captured()) {
                throw new ProviderException("sandbox: refund exceeds what was captured for " + reference);
            }
            refunds.add(refundId);
            return new Charge(charge.authorised(), charge.captured(), charge.refunded() + amount, false);
        });
    }

    private static String reference(UUID paymentId) {
        return "sbx_" + paymentId;
    }

    /** What the sandbox captured less refunded for a reference: for tests that check nothing moved twice. */
    public long netCaptured(String providerReference) {
        var charge = charges.get(providerReference);
        return charge == null ? 0 : charge.captured() - charge.refunded();
    }

    /** Releases calls waiting on the timeout card. */
    public void close() {
        closed.countDown();
    }
}
