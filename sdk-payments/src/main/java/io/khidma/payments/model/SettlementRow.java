package io.khidma.payments.model;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What one agency was paid and refunded on one day.
 *
 * @param count payments captured that day
 * @param paymentIds every payment captured or refunded that day
 */
public record SettlementRow(
        String agencyId, LocalDate date, long captured, long refunded, long net, long count, List<UUID> paymentIds) {

    public SettlementRow {
        paymentIds = paymentIds == null ? List.of() : List.copyOf(paymentIds);
    }
}
