package io.khidma.payments.model;

import io.khidma.core.text.Text;
import java.util.List;

/** One agency's part of a receipt. */
public record ReceiptAgency(String agencyId, Text agencyName, List<LineItem> lineItems, long subtotal) {

    public ReceiptAgency {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }
}
