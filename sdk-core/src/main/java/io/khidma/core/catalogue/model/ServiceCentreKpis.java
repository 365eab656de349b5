package io.khidma.core.catalogue.model;

import java.time.LocalDate;
import java.util.List;

/** Service centres' indicators over days [from, to), best rated first. */
public record ServiceCentreKpis(LocalDate from, LocalDate to, List<ServiceCentreKpi> items) {
    public ServiceCentreKpis {
        items = List.copyOf(items);
    }
}
