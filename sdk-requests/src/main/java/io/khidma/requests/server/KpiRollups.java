package io.khidma.requests.server;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiPeriod;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.ServiceCentreKpi;
import io.khidma.core.catalogue.model.ServiceCentreKpis;
import io.khidma.core.catalogue.model.TransactionKpi;
import io.khidma.core.catalogue.model.TransactionKpis;
import io.khidma.core.catalogue.server.TransactionKpiSource;
import io.khidma.core.text.Text;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Transaction KPIs from real requests, visits and ratings, kept by incremental rollups. Every
 * change that counts leaves a note in the transaction that makes it (a trigger on the requests'
 * events, so no writer can forget); {@link #fold()} moves the notes into daily and monthly rows per
 * agency, service and channel, and histograms of completion times per scope. A read folds what is
 * pending first, then sums days, or months when it asks for whole months: its cost grows with the
 * periods and services it covers, never with requests.
 */
public final class KpiRollups implements TransactionKpiSource {

    /** Notes folded per statement. */
    static final int BATCH = 50_000;

    /** One folder at a time across replicas; the others skip (their notes wait for the next fold). */
    private static final long FOLD_LOCK = 0x6b70692d666f6c64L;

    private static final Set<ChannelType> DIGITAL =
            EnumSet.of(ChannelType.WEB, ChannelType.MOBILE_APP, ChannelType.KIOSK);

    private final Jdbi jdbi;
    private final ZoneId zone;

    KpiRollups(Jdbi jdbi, ZoneId zone) {
        this.jdbi = jdbi;
        this.zone = zone;
    }

    /** Folds the pending notes into the rollups; returns how many were folded. */
    public int fold() {
        int total = 0;
        int folded;
        do {
            folded = jdbi.inTransaction(this::foldBatch);
            total += folded;
        } while (folded == BATCH);
        return total;
    }

    private int foldBatch(Handle h) {
        // Nothing pending (the common case of a read): no lock, and the fold is not even planned.
        if (!h.createQuery("SELECT EXISTS (SELECT 1 FROM requests_kpi_pending)")
                .mapTo(Boolean.class)
                .one()) {
            return 0;
        }
        if (!h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
                .bind("key", FOLD_LOCK)
                .mapTo(Boolean.class)
                .one()) {
            return 0;
        }
        return h.createQuery("""
                        WITH batch AS (
                          DELETE FROM requests_kpi_pending
                           WHERE id IN (SELECT id FROM requests_kpi_pending ORDER BY id LIMIT :batch)
                          RETURNING kind, request_id, visit_id, at
                        ), facts AS (
                          SELECT b.kind, (b.at AT TIME ZONE :zone)::date AS day,
                                 r.agency_id, r.service_code, r.channel,
                                 b.kind = 'completed' AND r.due_at IS NOT NULL AND b.at <= r.due_at AS in_sla,
                                 greatest(extract(epoch FROM b.at - r.submitted_at), 1) AS seconds,
                                 CASE b.kind WHEN 'rated' THEN r.rating WHEN 'visit_rated' THEN v.service_rating END AS stars,
                                 v.visit_rating, s.area_code, b.at <= s.ends_at AS on_time
                            FROM batch b
                            JOIN requests_request r ON r.id = b.request_id
                            LEFT JOIN requests_visit v ON v.id = b.visit_id
                            LEFT JOIN requests_slot s ON s.id = v.slot_id
                        ), daily AS (
                          INSERT INTO requests_kpi_daily AS k
                                 (day, agency_id, service_code, channel, submitted, completed, completed_in_sla, rating_sum, ratings)
                          SELECT day, agency_id, service_code, channel,
                                 count(*) FILTER (WHERE kind = 'submitted'),
                                 count(*) FILTER (WHERE kind = 'completed'),
                                 count(*) FILTER (WHERE in_sla),
                                 coalesce(sum(stars), 0), count(stars)
                            FROM facts WHERE kind IN ('submitted', 'completed', 'rated', 'visit_rated')
                           GROUP BY day, agency_id, service_code, channel
                          ON CONFLICT (day, agency_id, service_code, channel) DO UPDATE
                             SET submitted = k.submitted + excluded.submitted,
                                 completed = k.completed + excluded.completed,
                                 completed_in_sla = k.completed_in_sla + excluded.completed_in_sla,
                                 rating_sum = k.rating_sum + excluded.rating_sum,
                                 ratings = k.ratings + excluded.ratings
                          RETURNING 1
                        ), monthly AS (
                          INSERT INTO requests_kpi_monthly AS k
                                 (month, agency_id, service_code, channel, submitted, completed, completed_in_sla, rating_sum, ratings)
                          SELECT date_trunc('month', f.day)::date, s.agency_id, s.service_code, f.channel,
                                 count(*) FILTER (WHERE kind = 'submitted'),
                                 count(*) FILTER (WHERE kind = 'completed'),
                                 count(*) FILTER (WHERE in_sla),
                                 coalesce(sum(stars), 0), count(stars)
                            FROM facts f
                           -- Each fact counts for its service, and once more in the platform's row ('*').
                           CROSS JOIN LATERAL (VALUES (f.agency_id, f.service_code), ('*', '*')) s (agency_id, service_code)
                           WHERE kind IN ('submitted', 'completed', 'rated', 'visit_rated')
                           GROUP BY 1, s.agency_id, s.service_code, f.channel
                          ON CONFLICT (month, agency_id, service_code, channel) DO UPDATE
                             SET submitted = k.submitted + excluded.submitted,
                                 completed = k.completed + excluded.completed,
                                 completed_in_sla = k.completed_in_sla + excluded.completed_in_sla,
                                 rating_sum = k.rating_sum + excluded.rating_sum,
                                 ratings = k.ratings + excluded.ratings
                          RETURNING 1
                        ), durations AS (
                          INSERT INTO requests_kpi_duration AS k (grain, scope, scope_id, start, channel, bucket, count)
                          SELECT g.grain, s.scope, s.scope_id,
                                 CASE g.grain WHEN 'D' THEN f.day ELSE date_trunc('month', f.day)::date END,
                                 f.channel, f.bucket, count(*)
                            FROM (SELECT day, agency_id, service_code, channel,
                                         floor(8 * ln(seconds) / ln(2))::smallint AS bucket
                                    FROM facts WHERE kind = 'completed') f
                           CROSS JOIN (VALUES ('D'), ('M')) g (grain)
                           CROSS JOIN LATERAL (VALUES ('all', ''), ('agency', f.agency_id), ('service', f.service_code))
                                 s (scope, scope_id)
                           GROUP BY 1, 2, 3, 4, 5, 6
                          ON CONFLICT (grain, scope, scope_id, start, channel, bucket) DO UPDATE
                             SET count = k.count + excluded.count
                          RETURNING 1
                        ), centres AS (
                          INSERT INTO requests_kpi_centre AS k (day, agency_id, area_code, visits, on_time, rating_sum, ratings)
                          SELECT day, agency_id, area_code,
                                 count(*) FILTER (WHERE kind = 'visit_done'),
                                 count(*) FILTER (WHERE kind = 'visit_done' AND on_time),
                                 coalesce(sum(visit_rating) FILTER (WHERE kind = 'visit_rated'), 0),
                                 count(visit_rating) FILTER (WHERE kind = 'visit_rated')
                            FROM facts WHERE kind IN ('visit_done', 'visit_rated') AND area_code IS NOT NULL
                           GROUP BY day, agency_id, area_code
                          ON CONFLICT (day, agency_id, area_code) DO UPDATE
                             SET visits = k.visits + excluded.visits, on_time = k.on_time + excluded.on_time,
                                 rating_sum = k.rating_sum + excluded.rating_sum, ratings = k.ratings + excluded.ratings
                          RETURNING 1
                        )
                        SELECT (SELECT count(*) FROM batch)
                             + 0 * ((SELECT count(*) FROM daily) + (SELECT count(*) FROM monthly) + (SELECT count(*) FROM durations)
                                    + (SELECT count(*) FROM centres))
                        """)
                .bind("batch", BATCH)
                .bind("zone", zone.getId())
                .mapTo(Integer.class)
                .one();
    }

    // Reading

    /** One group's sums, then its indicators. */
    private static final class Sums {
        long submitted;
        long digital;
        long completed;
        long inSla;
        long ratingSum;
        long ratings;
        final TreeMap<Integer, Long> histogram = new TreeMap<>();

        void add(Sums other) {
            submitted += other.submitted;
            digital += other.digital;
            completed += other.completed;
            inSla += other.inSla;
            ratingSum += other.ratingSum;
            ratings += other.ratings;
            other.histogram.forEach((bucket, count) -> histogram.merge(bucket, count, Long::sum));
        }

        TransactionKpi kpi(LocalDate start, String agency, String service, ChannelType channel) {
            return new TransactionKpi(
                    start,
                    agency,
                    service,
                    channel,
                    submitted,
                    digital,
                    submitted == 0 ? null : (double) digital / submitted,
                    completed,
                    percentile(0.5),
                    percentile(0.9),
                    completed == 0 ? null : (double) inSla / completed,
                    ratings == 0 ? null : (double) ratingSum / ratings,
                    ratings);
        }

        /** The geometric middle of the bucket holding the percentile: within 4.4% of the true time. */
        private Long percentile(double p) {
            long count = histogram.values().stream().mapToLong(Long::longValue).sum();
            if (count == 0) {
                return null;
            }
            long rank = (long) Math.ceil(p * count);
            long seen = 0;
            for (var bucket : histogram.entrySet()) {
                seen += bucket.getValue();
                if (seen >= rank) {
                    return Math.round(Math.pow(2, (bucket.getKey() + 0.5) / 8));
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }

    private record Key(LocalDate start, String agency, String service, String channel) {}

    @Override
    public TransactionKpis transactions(KpiQuery query) {
        fold();
        // Whole months read the monthly rollups; anything else the daily ones.
        boolean monthly = query.period() == KpiPeriod.MONTH
                && query.from().getDayOfMonth() == 1
                && query.to().getDayOfMonth() == 1;
        var period = query.period().wireName();
        var groupBy = query.groupBy();
        var start = "date_trunc('" + period + "', " + (monthly ? "month" : "day") + ")::date AS start";
        // Only the breakdown's columns, and the service's with its agency when the completion times
        // come per service: the fewer groups, the fewer rows to sum.
        boolean perService = groupBy.contains(KpiDimension.SERVICE) || query.service() != null;
        var agencyColumn =
                groupBy.contains(KpiDimension.AGENCY) || perService ? "agency_id" : "NULL::text AS agency_id";
        var serviceColumn = perService ? "service_code" : "NULL::text AS service_code";
        // Every agency, no breakdown by agency or service: the platform's own monthly rows answer.
        boolean platformWide = !perService && !groupBy.contains(KpiDimension.AGENCY) && query.agency() == null;
        var channelColumn = groupBy.contains(KpiDimension.CHANNEL) ? "channel" : "NULL::text AS channel";
        var groups = "start"
                + (agencyColumn.equals("agency_id") ? ", agency_id" : "")
                + (perService ? ", service_code" : "")
                + (channelColumn.equals("channel") ? ", channel" : "");
        var sums = new LinkedHashMap<Key, Sums>();
        var agencyOfService = new HashMap<String, String>();
        jdbi.useHandle(h -> {
            h.createQuery("SELECT " + start + ", " + agencyColumn + ", " + serviceColumn + ", " + channelColumn + ", "
                            + """
                              sum(submitted) AS submitted,
                              coalesce(sum(submitted) FILTER (WHERE channel IN (<digital>)), 0) AS digital,
                              sum(completed) AS completed, sum(completed_in_sla) AS in_sla,
                              sum(rating_sum) AS rating_sum, sum(ratings) AS ratings
                            """
                            + " FROM " + (monthly ? "requests_kpi_monthly" : "requests_kpi_daily")
                            + " WHERE " + (monthly ? "month" : "day") + " >= :from AND " + (monthly ? "month" : "day")
                            + " < :to"
                            + filters(query, "agency_id", "service_code")
                            + (monthly ? (platformWide ? " AND agency_id = '*'" : " AND agency_id <> '*'") : "")
                            + " GROUP BY " + groups)
                    .configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
                    .bindList("digital", DIGITAL.stream().map(Enum::name).toList())
                    .bind("from", query.from())
                    .bind("to", query.to())
                    .bind("agency", query.agency())
                    .bind("service", query.service())
                    .bind(
                            "channel",
                            query.channel() == null ? null : query.channel().name())
                    .map((rs, ctx) -> {
                        if (perService) {
                            agencyOfService.put(rs.getString("service_code"), rs.getString("agency_id"));
                        }
                        var part = new Sums();
                        part.submitted = rs.getLong("submitted");
                        part.digital = rs.getLong("digital");
                        part.completed = rs.getLong("completed");
                        part.inSla = rs.getLong("in_sla");
                        part.ratingSum = rs.getLong("rating_sum");
                        part.ratings = rs.getLong("ratings");
                        var key = new Key(
                                rs.getObject("start", LocalDate.class),
                                groupBy.contains(KpiDimension.AGENCY) ? rs.getString("agency_id") : null,
                                groupBy.contains(KpiDimension.SERVICE) ? rs.getString("service_code") : null,
                                groupBy.contains(KpiDimension.CHANNEL) ? rs.getString("channel") : null);
                        sums.computeIfAbsent(key, k -> new Sums()).add(part);
                        return part;
                    })
                    .list();
            durations(h, query, monthly, agencyOfService, sums);
        });
        var total = new Sums();
        var items = sums.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::start)
                        .thenComparing(k -> Objects.toString(k.agency(), ""))
                        .thenComparing(k -> Objects.toString(k.service(), ""))
                        .thenComparing(k -> Objects.toString(k.channel(), ""))))
                .map(e -> {
                    total.add(e.getValue());
                    var key = e.getKey();
                    return e.getValue()
                            .kpi(
                                    key.start(),
                                    key.agency(),
                                    key.service(),
                                    key.channel() == null ? null : ChannelType.valueOf(key.channel()));
                })
                .toList();
        return new TransactionKpis(
                query.period(), query.from(), query.to(), query.groupBy(), items, total.kpi(null, null, null, null));
    }

    /**
     * The query's filters as SQL conditions on bound parameters: only those it has, so each query
     * plans with the indexes its filters can use.
     */
    private static String filters(KpiQuery query, String agencyColumn, String serviceColumn) {
        return (query.agency() == null ? "" : " AND " + agencyColumn + " = :agency")
                + (query.service() == null ? "" : " AND " + serviceColumn + " = :service")
                + (query.channel() == null ? "" : " AND channel = :channel");
    }

    /**
     * Adds the completion-time histograms to the sums, from the narrowest scope that answers the
     * query: one service, every service, one agency, every agency, or the whole platform.
     */
    private static void durations(
            Handle h, KpiQuery query, boolean monthly, Map<String, String> agencyOfService, Map<Key, Sums> sums) {
        var groupBy = query.groupBy();
        String scope;
        String scopeId;
        if (query.service() != null || groupBy.contains(KpiDimension.SERVICE)) {
            scope = "service";
            scopeId = query.service();
        } else if (query.agency() != null || groupBy.contains(KpiDimension.AGENCY)) {
            scope = "agency";
            scopeId = query.agency();
        } else {
            scope = "all";
            scopeId = "";
        }
        // Rows of the query's own period are summed already: read them as they are.
        boolean asStored =
                (monthly && query.period() == KpiPeriod.MONTH) || (!monthly && query.period() == KpiPeriod.DAY);
        var select = asStored
                ? "SELECT start, scope_id, channel, bucket, count"
                : "SELECT date_trunc('" + query.period().wireName() + "', start)::date AS start, scope_id, channel,"
                        + " bucket, sum(count) AS count";
        h.createQuery(select
                        + """
                         FROM requests_kpi_duration
                         WHERE grain = :grain AND scope = :scope AND start >= :from AND start < :to
                        """
                        + (scopeId == null ? "" : " AND scope_id = :id")
                        + (query.channel() == null ? "" : " AND channel = :channel")
                        + (asStored ? "" : " GROUP BY 1, scope_id, channel, bucket"))
                .configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
                .bind("grain", monthly ? "M" : "D")
                .bind("scope", scope)
                .bind("id", scopeId)
                .bind("from", query.from())
                .bind("to", query.to())
                .bind(
                        "channel",
                        query.channel() == null ? null : query.channel().name())
                .map((rs, ctx) -> {
                    var id = rs.getString("scope_id");
                    String agency =
                            scope.equals("agency") ? id : scope.equals("service") ? agencyOfService.get(id) : null;
                    if (scope.equals("service") && agency == null) {
                        // A service of another agency than the query's, or with no transactions in range.
                        return 0;
                    }
                    var key = new Key(
                            rs.getObject("start", LocalDate.class),
                            groupBy.contains(KpiDimension.AGENCY) ? agency : null,
                            groupBy.contains(KpiDimension.SERVICE) ? id : null,
                            groupBy.contains(KpiDimension.CHANNEL) ? rs.getString("channel") : null);
                    sums.computeIfAbsent(key, k -> new Sums())
                            .histogram
                            .merge((int) rs.getShort("bucket"), rs.getLong("count"), Long::sum);
                    return 1;
                })
                .list();
    }

    @Override
    public ServiceCentreKpis serviceCentres(LocalDate from, LocalDate to, String agency) {
        fold();
        var items = jdbi.withHandle(h -> h.createQuery("""
                        SELECT k.agency_id, k.area_code, a.emirate, a.district_ar, a.district_en,
                               sum(k.visits) AS visits, sum(k.on_time) AS on_time,
                               sum(k.rating_sum) AS rating_sum, sum(k.ratings) AS ratings
                          FROM requests_kpi_centre k
                          JOIN requests_area a ON a.agency_id = k.agency_id AND a.code = k.area_code
                         WHERE k.day >= :from AND k.day < :to AND (CAST(:agency AS text) IS NULL OR k.agency_id = :agency)
                         GROUP BY k.agency_id, k.area_code, a.emirate, a.district_ar, a.district_en
                        """)
                .bind("from", from)
                .bind("to", to)
                .bind("agency", agency)
                .map((rs, ctx) -> {
                    long visits = rs.getLong("visits");
                    long ratings = rs.getLong("ratings");
                    Double onTime = visits == 0 ? null : (double) rs.getLong("on_time") / visits;
                    Double average = ratings == 0 ? null : (double) rs.getLong("rating_sum") / ratings;
                    return new ServiceCentreKpi(
                            rs.getString("agency_id"),
                            rs.getString("area_code"),
                            Text.of(rs.getString("district_ar"), rs.getString("district_en")),
                            rs.getString("emirate"),
                            visits,
                            onTime,
                            average,
                            ratings,
                            ServiceCentreKpi.stars(visits, onTime == null ? 0 : onTime, average));
                })
                .list());
        var sorted = items.stream()
                .sorted(Comparator.comparing((ServiceCentreKpi k) -> k.stars() == null ? 0 : k.stars())
                        .reversed()
                        .thenComparing(ServiceCentreKpi::agencyId)
                        .thenComparing(ServiceCentreKpi::centre))
                .toList();
        return new ServiceCentreKpis(from, to, sorted);
    }
}
