package io.khidma.payments;

import io.khidma.payments.model.PaymentStatus;
import java.time.Instant;

/**
 * Filters for {@link PaymentsClient#list}; every one optional.
 *
 * <pre>{@code
 * payments.list(PaymentQuery.all().withStatus(PaymentStatus.CAPTURED).createdBetween(from, to))
 * }</pre>
 */
public record PaymentQuery(
        String agency, PaymentStatus status, Instant from, Instant to, String reference, Integer pageSize) {

    public static PaymentQuery all() {
        return new PaymentQuery(null, null, null, null, null, null);
    }

    public PaymentQuery withAgency(String newAgency) {
        return new PaymentQuery(newAgency, status, from, to, reference, pageSize);
    }

    public PaymentQuery withStatus(PaymentStatus newStatus) {
        return new PaymentQuery(agency, newStatus, from, to, reference, pageSize);
    }

    /** Created at or after {@code start} and before {@code end}; either may be null. */
    public PaymentQuery createdBetween(Instant start, Instant end) {
        return new PaymentQuery(agency, status, start, end, reference, pageSize);
    }

    public PaymentQuery withReference(String newReference) {
        return new PaymentQuery(agency, status, from, to, newReference, pageSize);
    }

    /** 1 to 100 payments per request; 20 by default. */
    public PaymentQuery withPageSize(int size) {
        if (size < 1 || size > 100) {
            throw new IllegalArgumentException("page size must be 1 to 100");
        }
        return new PaymentQuery(agency, status, from, to, reference, size);
    }
}
