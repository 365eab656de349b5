package io.khidma.payments.server;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.PaymentChannel;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prices fees from the catalogue: a channel-specific cost wins over the general one. */
final class CatalogueFees implements FeeSchedule {

    private final CatalogueService catalogue;

    CatalogueFees(CatalogueService catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public List<Optional<Fee>> fees(List<LineItemRequest> items, PaymentChannel channel) {
        var services =
                catalogue.findAll(items.stream().map(LineItemRequest::serviceId).toList());
        var agencies = catalogue.agencies().stream().collect(Collectors.toMap(Agency::id, Function.identity()));
        var via = ChannelType.valueOf(channel.name());
        return items.stream()
                .map(item -> Optional.ofNullable(services.get(item.serviceId()))
                        .filter(service -> service.status() == ServiceStatus.ACTIVE)
                        .flatMap(service -> fee(service, item.feeCode(), via, agencies)))
                .toList();
    }

    private static Optional<Fee> fee(
            PublicService service, String feeCode, ChannelType via, Map<String, Agency> agencies) {
        return service.costs().stream()
                .filter(c -> c.feeCode().equals(feeCode))
                .filter(c -> c.channel() == null || c.channel() == via)
                .min(Comparator.comparing((Cost c) -> c.channel() == null))
                .map(cost -> {
                    var agency = agencies.get(service.agencyId());
                    return new Fee(
                            service.id(),
                            service.code(),
                            feeCode,
                            service.agencyId(),
                            agency == null ? null : agency.name(),
                            cost.description() != null ? cost.description() : service.title(),
                            cost.amount(),
                            cost.currency());
                });
    }
}
