package io.khidma.core.catalogue.model;

import java.time.LocalDate;
import java.util.List;

/** Transaction KPIs computed from requests, visits and ratings: per period (and breakdown), and in total. */
public record TransactionKpis(
        KpiPeriod period,
        LocalDate from,
        LocalDate to,
        List<KpiDimension> groupBy,
        List<TransactionKpi> items,
        TransactionKpi total) {

    public TransactionKpis {
        groupBy = List.copyOf(groupBy);
        items = List.copyOf(items);
    }
}
