package io.khidma.payments.model;

import io.khidma.core.text.Text;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bilingual receipt of a captured payment, grouped by agency. */
public record Receipt(
        UUID paymentId,
        String receiptNumber,
        Instant capturedAt,
        long total,
        String currency,
        String reference,
        List<ReceiptAgency> agencies,
        long refundedAmount,
        CardSummary card,
        Text title) {

    public Receipt {
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
    }
}
