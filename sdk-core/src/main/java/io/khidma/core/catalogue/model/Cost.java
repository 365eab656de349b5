package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.util.Objects;

/**
 * A fee of a service (CPSV-AP {@code cv:Cost}); payments price line items from these.
 *
 * @param feeCode the fee's code within the service, e.g. {@code RENEW}
 * @param amount the amount in minor units (fils)
 * @param currency ISO 4217, {@code AED}
 * @param description what the fee is for
 * @param channel when set, the fee applies only through this channel
 */
public record Cost(String feeCode, long amount, String currency, Text description, ChannelType channel) {

    public Cost {
        Objects.requireNonNull(feeCode, "fee_code");
        Objects.requireNonNull(currency, "currency");
        if (!feeCode.matches("[A-Z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("fee_code must be 1-32 of A-Z, 0-9, '_' or '-'");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (!currency.equals("AED")) {
            throw new IllegalArgumentException("currency must be AED");
        }
    }
}
