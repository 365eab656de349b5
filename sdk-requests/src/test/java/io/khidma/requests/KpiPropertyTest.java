package io.khidma.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiPeriod;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.TransactionKpi;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.server.Database;
import io.khidma.core.testing.TestDatabases;
import io.khidma.requests.server.KpiRollups;
import io.khidma.requests.server.RequestsFeature;
import io.khidma.requests.server.RequestsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jdbi.v3.core.Handle;

/**
 * Transaction KPIs read from the incremental rollups equal what a direct SQL count over the
 * requests and their events finds, on random requests (agencies, services, channels, days,
 * completions in or out of their service level, ratings) and random queries (period, breakdown,
 * filter), folded in random batches as they arrive.
 */
class KpiPropertyTest {

    static final ZoneId DUBAI = ZoneId.of("Asia/Dubai");
    static final LocalDate BASE = LocalDate.of(2026, 10, 1);
    static final List<String> AGENCIES = List.of("rta", "mohre", "dha");
    /** Each service belongs to one agency, as in the catalogue. */
    static final List<String> SERVICES = List.of("RTA-ONE", "RTA-TWO", "MOHRE-ONE", "DHA-ONE");

    static final List<String> AGENCY_OF_SERVICE = List.of("rta", "rta", "mohre", "dha");

    static Database database;
    static KpiRollups kpis;

    @BeforeContainer
    static void start() {
        database = TestDatabases.fresh()
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("requests");
        kpis = new RequestsFeature(database, new CatalogueFeature(database).service(), null, RequestsOptions.defaults())
                .kpis();
    }

    @AfterContainer
    static void stop() {
        database.close();
    }

    /** A request as it happened: when submitted, whether and how long until completed, its rating. */
    record Made(
            int service,
            ChannelType channel,
            int dayOffset,
            int minuteOfDay,
            Long secondsToComplete,
            long slaSeconds,
            Integer rating) {}

    @Provide
    Arbitrary<List<Made>> requests() {
        var completion = Arbitraries.longs().between(60, 40L * 24 * 3600).injectNull(0.3);
        return Combinators.combine(
                        Arbitraries.integers().between(0, SERVICES.size() - 1),
                        Arbitraries.of(ChannelType.class),
                        Arbitraries.integers().between(0, 90),
                        Arbitraries.integers().between(0, 24 * 60 - 1),
                        completion,
                        Arbitraries.longs().between(3600, 10L * 24 * 3600),
                        Arbitraries.integers().between(1, 5).injectNull(0.5))
                .as(Made::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(150);
    }

    @Provide
    Arbitrary<KpiQuery> queries() {
        // Whole months (read from the monthly rollups) as often as any span of days.
        return Combinators.combine(
                        Arbitraries.of(KpiPeriod.class),
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(1, 150),
                        Arbitraries.of(true, false),
                        Arbitraries.subsetOf(KpiDimension.values()).map(List::copyOf),
                        Arbitraries.of(AGENCIES).injectNull(0.6),
                        Arbitraries.of(SERVICES).injectNull(0.8),
                        Arbitraries.of(ChannelType.class).injectNull(0.8))
                .as((period, start, length, wholeMonths, groupBy, agency, service, channel) -> {
                    var from = BASE.plusDays(start);
                    var to = from.plusDays(length);
                    if (wholeMonths) {
                        from = from.withDayOfMonth(1);
                        to = to.withDayOfMonth(1).plusMonths(1);
                    }
                    return new KpiQuery(period, from, to, groupBy, agency, service, channel);
                });
    }

    @Property(tries = 40)
    void rollupsEqualADirectCount(
            @ForAll("requests") List<Made> made, @ForAll("queries") KpiQuery query, @ForAll boolean foldHalfway) {
        database.jdbi().useHandle(h -> h.execute("""
                TRUNCATE requests_kpi_pending, requests_kpi_daily, requests_kpi_monthly, requests_kpi_duration, requests_kpi_centre,
                         requests_event, requests_request CASCADE
                """));
        for (int i = 0; i < made.size(); i++) {
            insert(made.get(i), i);
            if (foldHalfway && i == made.size() / 2) {
                kpis.fold();
            }
        }
        var actual = kpis.transactions(query);
        var expected = direct(query);

        assertThat(actual.items()).hasSameSizeAs(expected.keySet());
        for (var item : actual.items()) {
            var want = expected.get(keyOf(item));
            assertThat(want).as("a group the direct count has: %s", item).isNotNull();
            assertThat(item.transactions()).isEqualTo(want.transactions());
            assertThat(item.digitalTransactions()).isEqualTo(want.digitalTransactions());
            assertThat(item.completed()).isEqualTo(want.completed());
            assertThat(item.slaCompliance()).isEqualTo(want.slaCompliance());
            assertThat(item.verifiedRatings()).isEqualTo(want.verifiedRatings());
            if (want.averageRating() == null) {
                assertThat(item.averageRating()).isNull();
            } else {
                assertThat(item.averageRating()).isCloseTo(want.averageRating(), within(1e-9));
            }
            assertClose(item.medianSeconds(), want.medianSeconds());
            assertClose(item.p90Seconds(), want.p90Seconds());
        }
        assertThat(actual.total().transactions())
                .isEqualTo(expected.values().stream()
                        .mapToLong(TransactionKpi::transactions)
                        .sum());
    }

    /** A time read from the histogram is within 4.4% of the exact one (the bucket's geometric middle). */
    private static void assertClose(Long actual, Long exact) {
        if (exact == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).isNotNull();
        assertThat((double) actual).isCloseTo(exact, within(exact * 0.045 + 1));
    }

    private record Key(LocalDate start, String agency, String service, String channel) {}

    private static Key keyOf(TransactionKpi kpi) {
        return new Key(
                kpi.periodStart(),
                kpi.agencyId(),
                kpi.serviceCode(),
                kpi.channel() == null ? null : kpi.channel().name());
    }

    /** The same indicators, counted straight from the requests and their events. */
    private static Map<Key, TransactionKpi> direct(KpiQuery query) {
        var period = query.period().wireName();
        var dimensions = query.groupBy();
        String agency = dimensions.contains(KpiDimension.AGENCY) ? "r.agency_id" : "NULL::text";
        String service = dimensions.contains(KpiDimension.SERVICE) ? "r.service_code" : "NULL::text";
        String channel = dimensions.contains(KpiDimension.CHANNEL) ? "r.channel" : "NULL::text";
        var sql = """
                WITH e AS (
                  SELECT date_trunc('%s', (e.at AT TIME ZONE 'Asia/Dubai')::date)::date AS start,
                         %s AS agency, %s AS service, %s AS channel, e.type, r.channel AS via, r.rating,
                         e.at <= r.due_at AS in_sla, extract(epoch FROM e.at - r.submitted_at) AS seconds
                    FROM requests_event e JOIN requests_request r ON r.id = e.request_id
                   WHERE (e.at AT TIME ZONE 'Asia/Dubai')::date >= :from AND (e.at AT TIME ZONE 'Asia/Dubai')::date < :to
                     AND (CAST(:agency AS text) IS NULL OR r.agency_id = :agency)
                     AND (CAST(:service AS text) IS NULL OR r.service_code = :service)
                     AND (CAST(:channel AS text) IS NULL OR r.channel = :channel))
                SELECT start, agency, service, channel,
                       count(*) FILTER (WHERE type = 'submitted') AS transactions,
                       count(*) FILTER (WHERE type = 'submitted' AND via IN ('WEB', 'MOBILE_APP', 'KIOSK')) AS digital,
                       count(*) FILTER (WHERE type = 'completed') AS completed,
                       count(*) FILTER (WHERE type = 'completed' AND in_sla) AS in_sla,
                       count(*) FILTER (WHERE type = 'rated') AS ratings,
                       avg(rating) FILTER (WHERE type = 'rated') AS average,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE type = 'completed') AS median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE type = 'completed') AS p90
                  FROM e GROUP BY 1, 2, 3, 4
                """.formatted(period, agency, service, channel);
        var result = new HashMap<Key, TransactionKpi>();
        database.jdbi().useHandle(h -> h.createQuery(sql)
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("agency", query.agency())
                .bind("service", query.service())
                .bind(
                        "channel",
                        query.channel() == null ? null : query.channel().name())
                .map((rs, ctx) -> {
                    long transactions = rs.getLong("transactions");
                    long completed = rs.getLong("completed");
                    var key = new Key(
                            rs.getObject("start", LocalDate.class),
                            rs.getString("agency"),
                            rs.getString("service"),
                            rs.getString("channel"));
                    var kpi = new TransactionKpi(
                            key.start(),
                            key.agency(),
                            key.service(),
                            key.channel() == null ? null : ChannelType.valueOf(key.channel()),
                            transactions,
                            rs.getLong("digital"),
                            null,
                            completed,
                            rs.getObject("median") == null ? null : Math.round(rs.getDouble("median")),
                            rs.getObject("p90") == null ? null : Math.round(rs.getDouble("p90")),
                            completed == 0 ? null : (double) rs.getLong("in_sla") / completed,
                            rs.getObject("average") == null ? null : rs.getDouble("average"),
                            rs.getLong("ratings"));
                    return result.put(key, kpi);
                })
                .list());
        return result;
    }

    private static void insert(Made made, int index) {
        var submitted = BASE.plusDays(made.dayOffset())
                .atStartOfDay(DUBAI)
                .plusMinutes(made.minuteOfDay())
                .toInstant();
        var completed = made.secondsToComplete() == null ? null : submitted.plusSeconds(made.secondsToComplete());
        var due = submitted.plusSeconds(made.slaSeconds());
        var id = UUID.randomUUID();
        database.jdbi().useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                                submitted_by, channel, language, status, data, sla_seconds, due_at, rating,
                                submitted_at, created_at, updated_at)
                            VALUES (:id, :number, :service, :code, :agency, 'citizen', 'citizen', :channel, 'ar', :status,
                                    '{}', :sla, :due, CAST(:rating AS integer), :submitted, :submitted, :submitted)
                            """)
                    .bind("id", id)
                    .bind("number", "P-2026-" + String.format("%06d", index))
                    .bind(
                            "service",
                            UUID.nameUUIDFromBytes(SERVICES.get(made.service()).getBytes()))
                    .bind("code", SERVICES.get(made.service()))
                    .bind("agency", AGENCY_OF_SERVICE.get(made.service()))
                    .bind("channel", made.channel().name())
                    .bind("status", completed == null ? "SUBMITTED" : "COMPLETED")
                    .bind("sla", made.slaSeconds())
                    .bind("due", utc(due))
                    .bind("rating", completed == null ? null : made.rating())
                    .bind("submitted", utc(submitted))
                    .execute();
            event(h, id, "submitted", "SUBMITTED", submitted);
            if (completed != null) {
                event(h, id, "completed", "COMPLETED", completed);
                if (made.rating() != null) {
                    event(h, id, "rated", "COMPLETED", completed.plus(Duration.ofHours(1)));
                }
            }
        });
    }

    private static void event(Handle h, UUID request, String type, String status, Instant at) {
        h.createUpdate("""
                        INSERT INTO requests_event (request_id, type, status, actor, at)
                        VALUES (:request, :type, :status, 'test', :at)
                        """)
                .bind("request", request)
                .bind("type", type)
                .bind("status", status)
                .bind("at", utc(at))
                .execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
