package io.khidma.payments.server;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.payments.model.PaymentChannel;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Prices fees from the catalogue: a channel-specific cost wins over the general one. */
final class CatalogueFees implements FeeSchedule {

    private final CatalogueService catalogue;

    CatalogueFees(CatalogueService catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public Optional<Fee> fee(UUID serviceId, String feeCode, PaymentChannel channel) {
        var service = catalogue.find(serviceId).filter(s -> s.status() == ServiceStatus.ACTIVE);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        var via = ChannelType.valueOf(channel.name());
        var cost = service.get().costs().stream()
                .filter(c -> c.feeCode().equals(feeCode))
                .filter(c -> c.channel() == null || c.channel() == via)
                .min(Comparator.comparing((Cost c) -> c.channel() == null));
        if (cost.isEmpty()) {
            return Optional.empty();
        }
        var agencyId = service.get().agencyId();
        var agencyName = catalogue.findAgency(agencyId).map(Agency::name).orElse(null);
        var c = cost.get();
        return Optional.of(new Fee(
                serviceId,
                service.get().code(),
                feeCode,
                agencyId,
                agencyName,
                c.description() != null ? c.description() : service.get().title(),
                c.amount(),
                c.currency()));
    }
}
