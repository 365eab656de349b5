package io.khidma.payments.model;

import java.time.LocalDate;
import java.util.List;

/** Per agency, one day of captures and refunds, read from the ledger; the totals are the rows' sums. */
public record SettlementReport(
        LocalDate date,
        String currency,
        String timeZone,
        List<SettlementRow> rows,
        long captured,
        long refunded,
        long net) {

    public SettlementReport {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }
}
