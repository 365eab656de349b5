package io.khidma.payments.model;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A payment of one or more agencies' fees.
 *
 * @param amount the total in minor units (fils)
 * @param refundableAmount captured, less refunds made or under way
 * @param nextUrl the hosted payment page, while the citizen can still pay; {@code null} after
 */
public record Payment(
        UUID id,
        PaymentStatus status,
        long amount,
        String currency,
        List<LineItem> lineItems,
        String reference,
        String description,
        PaymentChannel channel,
        URI returnUrl,
        String language,
        String citizen,
        boolean delayedCapture,
        long capturedAmount,
        long refundedAmount,
        long refundableAmount,
        CardSummary card,
        Instant createdAt,
        Instant expiresAt,
        URI nextUrl) {

    public Payment {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    /** The agencies whose fees the payment holds, in basket order. */
    public List<String> agencies() {
        return lineItems.stream().map(LineItem::agencyId).distinct().toList();
    }

    /** The line items per agency, agencies in basket order. */
    public Map<String, List<LineItem>> lineItemsByAgency() {
        return lineItems.stream()
                .collect(Collectors.groupingBy(LineItem::agencyId, LinkedHashMap::new, Collectors.toList()));
    }
}
