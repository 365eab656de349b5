package io.khidma.opendata;

import static io.khidma.opendata.OpenDataTest.centres;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.khidma.core.problem.BadRequestException;
import io.khidma.opendata.AggregateQuery.Comparison;
import io.khidma.opendata.AggregateQuery.Period;
import io.khidma.opendata.model.AggregateColumn;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregations against the real server kit and PostgreSQL, checked against the same sums done in
 * Java over the rows that were uploaded: by month from the daily rollup, by text fields from the
 * rows, datetimes by their day in UTC, and both sources giving the same digits.
 */
class AggregationTest {

    static OpenDataFixture fixture;
    static OpenDataClient publisher;
    static OpenDataClient consumer;
    static List<Txn> rows;
    static UUID id;

    /** One uploaded row; fee and minutes are sometimes missing. */
    record Txn(
            long id, LocalDate date, OffsetDateTime at, String emirate, String channel, BigDecimal fee, Long minutes) {
        LocalDate utcDay() {
            return at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
    }

    static final List<String> EMIRATES = List.of("أبوظبي", "دبي", "الشارقة", "Ajman", "Fujairah");
    static final List<String> CHANNELS = List.of("smart_app", "website", "service_centre", "kiosk");

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        publisher = fixture.client(fixture.rta);
        consumer = fixture.client(null);
        rows = generate(3_000, 7);
        id = publish(publisher, rows);
    }

    @AfterAll
    static void stop() {
        consumer.close();
        publisher.close();
        fixture.close();
    }

    static List<Txn> generate(int count, long seed) {
        var random = new SplittableRandom(seed);
        var generated = new ArrayList<Txn>();
        for (long i = 1; i <= count; i++) {
            var date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(500));
            var at = date.atTime(random.nextInt(24), random.nextInt(60)).atOffset(ZoneOffset.ofHours(4));
            generated.add(new Txn(
                    i,
                    date,
                    at,
                    EMIRATES.get(random.nextInt(EMIRATES.size())),
                    CHANNELS.get(random.nextInt(CHANNELS.size())),
                    i % 17 == 0 ? null : BigDecimal.valueOf(random.nextInt(1, 100_000), 2),
                    i % 13 == 0 ? null : (long) random.nextInt(1, 240)));
        }
        return generated;
    }

    static TableSchema schema() {
        return new TableSchema(
                List.of(
                        Field.of("id", FieldType.INTEGER),
                        Field.of("date", FieldType.DATE).indexed(),
                        Field.of("at", FieldType.DATETIME),
                        Field.of("emirate", FieldType.STRING).indexed(),
                        Field.of("channel", FieldType.STRING),
                        Field.of("fee", FieldType.NUMBER),
                        Field.of("minutes", FieldType.INTEGER)),
                List.of("id"),
                null);
    }

    static UUID publish(OpenDataClient publisher, List<Txn> rows) {
        var csv = new StringBuilder("id,date,at,emirate,channel,fee,minutes\r\n");
        for (var row : rows) {
            csv.append(row.id())
                    .append(',')
                    .append(row.date())
                    .append(',')
                    .append(row.at())
                    .append(',')
                    .append(row.emirate())
                    .append(',')
                    .append(row.channel())
                    .append(',')
                    .append(row.fee() == null ? "" : row.fee().toPlainString())
                    .append(',')
                    .append(row.minutes() == null ? "" : row.minutes())
                    .append("\r\n");
        }
        var created = publisher.create(centres(schema())).value().id();
        publisher.upload(created, new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        publisher.publish(created);
        return created;
    }

    @Test
    void countsSumsAveragesAndExtremesByMonthAreTheRowsOwn() {
        var result = consumer.aggregate(
                id,
                AggregateQuery.groupBy()
                        .by(Period.MONTH, "date")
                        .count()
                        .sum("fee")
                        .avg("minutes")
                        .min("fee")
                        .max("minutes")
                        .withTotal());

        assertThat(result.columns())
                .extracting(AggregateColumn::name, AggregateColumn::type, AggregateColumn::role)
                .containsExactly(
                        tuple("month(date)", FieldType.DATE, AggregateColumn.Role.GROUP),
                        tuple("count", FieldType.INTEGER, AggregateColumn.Role.AGGREGATE),
                        tuple("sum(fee)", FieldType.NUMBER, AggregateColumn.Role.AGGREGATE),
                        tuple("avg(minutes)", FieldType.NUMBER, AggregateColumn.Role.AGGREGATE),
                        tuple("min(fee)", FieldType.NUMBER, AggregateColumn.Role.AGGREGATE),
                        tuple("max(minutes)", FieldType.INTEGER, AggregateColumn.Role.AGGREGATE));
        var months =
                new TreeMap<>(rows.stream().collect(groupingBy(r -> r.date().withDayOfMonth(1))));
        assertThat(result.total()).isEqualTo(months.size());
        assertThat(result.column("month(date)")).containsExactlyElementsOf(months.keySet());
        for (var group : result.groups()) {
            var month = months.get((LocalDate) group.get("month(date)"));
            assertThat(group.get("count")).isEqualTo((long) month.size());
            assertThat((BigDecimal) group.get("sum(fee)")).isEqualByComparingTo(sum(month, Txn::fee));
            assertThat((BigDecimal) group.get("avg(minutes)"))
                    .isCloseTo(average(month, Txn::minutes), within(new BigDecimal("1e-12")));
            assertThat((BigDecimal) group.get("min(fee)"))
                    .isEqualByComparingTo(month.stream()
                            .map(Txn::fee)
                            .filter(Objects::nonNull)
                            .min(Comparator.naturalOrder())
                            .orElseThrow());
            assertThat(group.get("max(minutes)"))
                    .isEqualTo(month.stream()
                            .map(Txn::minutes)
                            .filter(Objects::nonNull)
                            .max(Comparator.naturalOrder())
                            .orElseThrow());
        }
    }

    @Test
    void textGroupsWithFiltersHavingOrderAndLimit() {
        var query = AggregateQuery.groupBy("emirate")
                .count()
                .countDistinct("channel")
                .sum("minutes")
                .where(RowQuery.all().in("channel", List.of("kiosk", "website")).gte("date", "2024-06-01"))
                .having("count", Comparison.GT, 10)
                .orderBy("-count", "emirate")
                .limit(3)
                .withTotal();

        var result = consumer.aggregate(id, query);

        var chosen = rows.stream()
                .filter(r -> List.of("kiosk", "website").contains(r.channel()))
                .filter(r -> !r.date().isBefore(LocalDate.of(2024, 6, 1)))
                .collect(groupingBy(Txn::emirate));
        var expected = chosen.entrySet().stream()
                .filter(e -> e.getValue().size() > 10)
                .sorted(Comparator.<Map.Entry<String, List<Txn>>>comparingInt(
                                e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        assertThat(result.total()).isEqualTo(expected.size());
        assertThat(result.groups()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            var group = result.groups().get(i);
            var want = expected.get(i);
            assertThat(group.get("emirate")).isEqualTo(want.getKey());
            assertThat(group.get("count")).isEqualTo((long) want.getValue().size());
            assertThat(group.get("count_distinct(channel)"))
                    .isEqualTo(want.getValue().stream()
                            .map(Txn::channel)
                            .distinct()
                            .count());
            assertThat(group.get("sum(minutes)"))
                    .isEqualTo(want.getValue().stream()
                            .map(Txn::minutes)
                            .filter(Objects::nonNull)
                            .mapToLong(Long::longValue)
                            .sum());
        }
    }

    @Test
    void datetimesGroupByTheirDayInUtcAndWeeksStartOnMonday() {
        var result = consumer.aggregate(
                id, AggregateQuery.groupBy().by(Period.WEEK, "at").count().limit(10_000));

        var weeks = new TreeMap<>(rows.stream()
                .collect(groupingBy(
                        r -> r.utcDay().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), counting())));
        assertThat(result.column("week(at)")).containsExactlyElementsOf(weeks.keySet());
        assertThat(result.column("count")).containsExactlyElementsOf(weeks.values());
    }

    @Test
    void theDailyRollupAndTheRowsGiveTheSameDigits() {
        var byYear = AggregateQuery.groupBy()
                .by(Period.YEAR, "date")
                .by(Period.MONTH, "date")
                .count()
                .sum("fee")
                .avg("fee")
                .avg("minutes")
                .min("minutes")
                .max("fee");
        var dated = RowQuery.all().gte("date", "2024-03-01").lt("date", "2025-02-01");
        // A filter on another field sends the same question to the rows; it keeps every row.
        var fromRollup = consumer.aggregate(id, byYear.where(dated));
        var fromRows = consumer.aggregate(id, byYear.where(dated.gte("id", 0)));

        assertThat(fromRollup.groups()).isNotEmpty().isEqualTo(fromRows.groups());
    }

    @Test
    void aMonthlyCountIsReadFromTheRollupBuiltWithTheVersion() {
        var own = publish(publisher, generate(400, 11));
        var monthly = AggregateQuery.groupBy().by(Period.MONTH, "date").count();
        var before = consumer.aggregate(own, monthly);
        assertThat(before.column("count").stream().mapToLong(c -> (Long) c).sum())
                .isEqualTo(400);

        // What the rollup says is what a monthly count answers: one more row a day shows.
        var days = fixture.database.jdbi().withHandle(h -> {
            var table = h.createQuery("SELECT table_name FROM opendata_version WHERE dataset_id = :id AND daily_rollup")
                    .bind("id", own)
                    .mapTo(String.class)
                    .one();
            return h.createUpdate("UPDATE " + table + "_days SET n = n + 1 WHERE field = 1")
                    .execute();
        });
        var after = consumer.aggregate(own, monthly);

        assertThat(after.column("count").stream().mapToLong(c -> (Long) c).sum())
                .isEqualTo(400 + days);
        // Counting distinct values needs the rows, so it still reads them.
        var distinct = consumer.aggregate(
                own, AggregateQuery.groupBy().by(Period.MONTH, "date").countDistinct("id"));
        assertThat(distinct.column("count_distinct(id)").stream()
                        .mapToLong(c -> (Long) c)
                        .sum())
                .isEqualTo(400);
    }

    @Test
    void withoutGroupsOneGroupHoldsEveryRow() {
        var result = consumer.aggregate(id, AggregateQuery.groupBy().count().max("date"));

        assertThat(result.groups()).singleElement().satisfies(group -> {
            assertThat(group.get("count")).isEqualTo((long) rows.size());
            assertThat(group.get("max(date)"))
                    .isEqualTo(rows.stream()
                            .map(Txn::date)
                            .max(Comparator.naturalOrder())
                            .orElseThrow());
        });
    }

    @Test
    void questionsTheSchemaCannotAnswerAreRefusedByName() {
        assertRefused("group_by=nowhere", "group_by", "no field nowhere");
        assertRefused("group_by=month(emirate)", "group_by", "month() is for date and datetime fields");
        assertRefused("group_by=quarter(date)", "group_by", "day(), week(), month() or year()");
        assertRefused("aggregate=sum(emirate)", "aggregate", "sum() does not take string fields");
        assertRefused("aggregate=median(fee)", "aggregate", "count, count_distinct, sum, avg, min and max");
        assertRefused("aggregate=count;DROP TABLE x", "aggregate", "an aggregate is count or");
        assertRefused("aggregate=count,count", "aggregate", "count is asked for twice");
        assertRefused("having=sum(fee):gt:1", "having", "not one of the aggregates asked for");
        assertRefused("having=count:like:1", "having", "op must be");
        assertRefused("having=count:gt:many", "having", "count");
        assertRefused("order=-fee", "order", "not one of the outputs");
        assertRefused("limit=0", "limit", "1");
        assertRefused("filter=fee:gt:cheap", "filter", "fee");
        assertThatThrownBy(() ->
                        consumer.aggregate(id, AggregateQuery.groupBy("emirate").sum("channel")))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.problem().errors())
                                .singleElement()
                                .satisfies(error -> assertThat(error.field()).isEqualTo("aggregate")));
    }

    private static void assertRefused(String query, String parameter, String reason) {
        var response = fixture.get("/datasets/" + id + "/aggregate?"
                + query.replace("(", "%28")
                        .replace(")", "%29")
                        .replace(";", "%3B")
                        .replace(" ", "%20"));
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        var problem = OpenDataFixture.tree(response);
        assertThat(problem.get("errors").get(0).get("field").asText()).as(query).isEqualTo(parameter);
        assertThat(problem.get("detail").asText()).as(query).contains(reason);
    }

    @Test
    void anAggregationPastTheTimeLimitIsStoppedAndTheServerGoesOn() {
        var options = OpenDataOptions.defaults()
                .withRateLimits(RateLimits.defaults().withAnonymous(1_000_000))
                .withQueryTimeout(Duration.ofMillis(1));
        try (var limited = new OpenDataFixture(options);
                var agency = limited.client(limited.rta)) {
            var big = publish(agency, generate(50_000, 3));

            var response =
                    limited.get("/datasets/" + big + "/aggregate?group_by=emirate&aggregate=count_distinct%28id%29");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(OpenDataFixture.tree(response).get("detail").asText()).contains("ran past its limit of 1 ms");
            assertThat(limited.get("/datasets/" + big + "/rows?limit=1").statusCode())
                    .isEqualTo(200);
        }
    }

    private static BigDecimal sum(List<Txn> rows, Function<Txn, BigDecimal> value) {
        return rows.stream().map(value).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal average(List<Txn> rows, Function<Txn, Long> value) {
        var present = rows.stream().map(value).filter(Objects::nonNull).toList();
        return BigDecimal.valueOf(present.stream().mapToLong(Long::longValue).sum())
                .divide(BigDecimal.valueOf(present.size()), MathContext.DECIMAL64);
    }
}
