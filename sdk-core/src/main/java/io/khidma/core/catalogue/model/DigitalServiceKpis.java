package io.khidma.core.catalogue.model;

import java.util.List;

/** The indicators per agency and in total ("95% of 180 federal services on smart channels"). */
public record DigitalServiceKpis(List<AgencyKpi> agencies, AgencyKpi total) {
    public DigitalServiceKpis {
        agencies = List.copyOf(agencies);
    }
}
