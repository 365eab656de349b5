package io.khidma.payments.model;

import java.util.Objects;
import java.util.UUID;

/**
 * One fee to pay: the catalogue prices it, a client never sets an amount.
 *
 * @param serviceId the catalogue service
 * @param feeCode the fee's code within the service, e.g. {@code RENEW}
 * @param quantity how many times the fee is due, 1 to 100; 1 when absent
 */
public record LineItemRequest(UUID serviceId, String feeCode, Integer quantity) {

    public LineItemRequest {
        Objects.requireNonNull(serviceId, "service_id");
        Objects.requireNonNull(feeCode, "fee_code");
        if (!feeCode.matches("[A-Z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("fee_code must be 1-32 of A-Z, 0-9, '_' or '-'");
        }
        quantity = quantity == null ? 1 : quantity;
        if (quantity < 1 || quantity > 100) {
            throw new IllegalArgumentException("quantity must be 1 to 100");
        }
    }

    public static LineItemRequest of(UUID serviceId, String feeCode) {
        return new LineItemRequest(serviceId, feeCode, 1);
    }

    public LineItemRequest times(int newQuantity) {
        return new LineItemRequest(serviceId, feeCode, newQuantity);
    }
}
