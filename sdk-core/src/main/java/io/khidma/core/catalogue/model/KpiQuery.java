package io.khidma.core.catalogue.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Which transaction KPIs: days [from, to) in the platform's time zone, counted by period, broken
 * down by some dimensions, optionally for one agency, service or channel.
 */
public record KpiQuery(
        KpiPeriod period,
        LocalDate from,
        LocalDate to,
        List<KpiDimension> groupBy,
        String agency,
        String service,
        ChannelType channel) {

    /** The longest range one query may cover, in days (ten years). */
    public static final long MAX_DAYS = 3660;

    public KpiQuery {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("a query covers at most " + MAX_DAYS + " days");
        }
        groupBy = groupBy == null
                ? List.of()
                : List.copyOf(groupBy.stream().distinct().toList());
    }

    /** By month over [from, to), no breakdown. */
    public static KpiQuery monthly(LocalDate from, LocalDate to) {
        return new KpiQuery(KpiPeriod.MONTH, from, to, List.of(), null, null, null);
    }

    public KpiQuery by(KpiDimension... dimensions) {
        return new KpiQuery(period, from, to, List.of(dimensions), agency, service, channel);
    }

    public KpiQuery forAgency(String agencyId) {
        return new KpiQuery(period, from, to, groupBy, agencyId, service, channel);
    }

    public KpiQuery forService(String serviceCode) {
        return new KpiQuery(period, from, to, groupBy, agency, serviceCode, channel);
    }

    public KpiQuery withPeriod(KpiPeriod newPeriod) {
        return new KpiQuery(newPeriod, from, to, groupBy, agency, service, channel);
    }
}
