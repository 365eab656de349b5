package io.khidma.payments.model;

import io.khidma.core.text.Text;
import java.util.UUID;

/**
 * A priced fee of a payment, as the catalogue described it when the payment was created.
 *
 * @param number 1-based position in the basket; refunds name line items by it
 * @param unitAmount the fee in minor units (fils)
 * @param amount {@code unitAmount × quantity}
 * @param refundedAmount refunded so far
 */
public record LineItem(
        int number,
        UUID serviceId,
        String serviceCode,
        String feeCode,
        String agencyId,
        Text agencyName,
        Text description,
        int quantity,
        long unitAmount,
        long amount,
        long refundedAmount) {}
