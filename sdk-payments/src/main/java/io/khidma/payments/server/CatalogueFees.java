package io.khidma.payments.server;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.PaymentChannel;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Prices fees from the catalogue: a channel-specific cost wins over the general one. */
final class CatalogueFees implements FeeSchedule {

    private final CatalogueService catalogue;

    CatalogueFees(CatalogueService catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public List<Optional<Fee>> fees(List<LineItemRequest> items, PaymentChannel channel) {
        var services = catalogue.priceable(
                items.stream().map(LineItemRequest::serviceId).toList());
        var via = ChannelType.valueOf(channel.name());
        return items.stream()
                .map(item -> Optional.ofNullable(services.get(item.serviceId()))
                        .filter(priceable -> priceable.service().status() == ServiceStatus.ACTIVE)
                        .flatMap(priceable -> fee(priceable, item.feeCode(), via)))
                .toList();
    }

    private static Optional<Fee> fee(CatalogueService.Priceable priceable, String feeCode, ChannelType via) {
        var service = priceable.service();
        return service.costs().stream()
                .filter(c -> c.feeCode().equals(feeCode))
                .filter(c -> c.channel() == null || c.channel() == via)
                .min(Comparator.comparing((Cost c) -> c.channel() == null))
                .map(cost -> new Fee(
                        service.id(),
                        service.code(),
                        feeCode,
                        service.agencyId(),
                        priceable.agencyName(),
                        cost.description() != null ? cost.description() : service.title(),
                        cost.amount(),
                        cost.currency()));
    }
}
