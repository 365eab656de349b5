package io.khidma.payments.server;

import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.text.Text;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.PaymentChannel;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the payments server looks up what fees cost: the service catalogue. A client never sets an
 * amount. {@link #catalogue(CatalogueService)} reads the catalogue of the same database.
 */
@FunctionalInterface
public interface FeeSchedule {

    /**
     * The fees of a basket, in its order: each the fee of an active service as due through {@code
     * channel} (a fee the catalogue restricts to another channel does not apply), or empty.
     */
    List<Optional<Fee>> fees(List<LineItemRequest> items, PaymentChannel channel);

    /**
     * A priced fee.
     *
     * @param amount in minor units (fils)
     */
    record Fee(
            UUID serviceId,
            String serviceCode,
            String feeCode,
            String agencyId,
            Text agencyName,
            Text description,
            long amount,
            String currency) {}

    /** Fees from an in-process catalogue, a basket in two queries. */
    static FeeSchedule catalogue(CatalogueService catalogue) {
        return new CatalogueFees(catalogue);
    }
}
