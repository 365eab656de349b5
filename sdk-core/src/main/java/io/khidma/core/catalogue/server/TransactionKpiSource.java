package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.ServiceCentreKpis;
import io.khidma.core.catalogue.model.TransactionKpis;
import java.time.LocalDate;

/**
 * Where the catalogue's transaction KPIs come from: the module that records transactions (the
 * service requests server kit) plugs in with {@link CatalogueService#transactionKpis(TransactionKpiSource)}.
 */
public interface TransactionKpiSource {

    TransactionKpis transactions(KpiQuery query);

    /** Service centres' indicators over days [from, to), of one agency or all ({@code null}). */
    ServiceCentreKpis serviceCentres(LocalDate from, LocalDate to, String agency);
}
