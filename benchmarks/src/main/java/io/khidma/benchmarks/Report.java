package io.khidma.benchmarks;

import io.khidma.benchmarks.opendata.OpenDataBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every comparison benchmark with shorter settings than their own (about 25 minutes on two
 * cores; 44 on a slower machine of the same size), and prints one table: each Khidma figure, the
 * alternative measured in the same run, their ratio with its error bar, and the target, a ratio:
 * absolute rates move from machine to machine, ratios measured in one run much less. A ratio whose
 * error bar reaches its target is said to be unstable. The shorter runs give wider error bars; the
 * per-benchmark commands in {@code benchmarks/README.md} give the figures of record.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.khidma.benchmarks.Report [report.md]
 * </pre>
 */
public final class Report {

    /**
     * One line of the table: the two figures, their ratio with its error bar (99.9 %, the two
     * figures' relative errors added), the target ({@code null} for a line shown for context), and
     * whether the ratio clears the target by more than its error bar ({@code stable}) or not.
     */
    record Line(
            String what, String khidma, String alternative, String ratio, String target, boolean met, boolean stable) {}

    private final Map<String, RunResult> results = new HashMap<>();

    public static void main(String[] args) throws RunnerException, IOException {
        var out = Path.of(args.length > 0 ? args[0] : "benchmarks/target/benchmark-report.md");
        var report = new Report();
        long started = System.nanoTime();
        report.runAll();
        var table = report.table(report.lines(), (System.nanoTime() - started) / 60e9);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println("Written to " + out);
    }

    private void runAll() throws RunnerException, IOException {
        run(options("TransportBenchmark", 10, 2, 5, 2));
        // Ten short iterations rather than three long ones: JMH's error bar is a 99.9% interval, and
        // with three samples Student's t is 31.6 (with ten, 4.8), so three iterations that differ
        // by a few percent give an error bar as wide as the figure.
        run(options("TokenValidationBenchmark", 10, 1, 10, 1));
        run(options("WebhookVerifierBenchmark", 5, 1, 10, 1));
        // 10,000 services only: seeding 100,000 takes minutes; benchmarks/README.md has both.
        run(options("CatalogueSearchBenchmark.(searchWithoutHttp|postgresFullText.*)", 3, 1, 3, 3)
                .param("services", "10000"));
        // The server's JIT needs about two and a half minutes of this load (PaymentCreateBenchmark).
        run(options("PaymentCreateBenchmark.(createEightAtATime|bareJdbcEightAtATime)", 75, 2, 5, 4));
        // The server keeps warming for about 40 s of this load; 10 warm-up iterations read 0.76.
        run(options("RequestSubmitBenchmark", 20, 2, 6, 4));
        run(options("RequestInboxBenchmark", 3, 2, 8, 2));
        run(options("VisitBookingBenchmark", 5, 2, 5, 4));
        run(options("KpiQueryBenchmark.(yearByMonthAndChannel|directSqlYearByMonthAndChannel)", 3, 2, 5, 2));
        run(options("DocumentVerifierBenchmark", 3, 2, 5, 2));
        var openData = Files.createTempDirectory("khidma-report-opendata");
        try {
            var shared = "-D" + OpenDataBenchmark.SHARED_DATA + "=" + openData;
            // One export per iteration: ten of them to narrow the error bar.
            run(options("OpenDataBenchmark.export(Endpoint|PostgresCopy)", 3, 1, 10, 1)
                    .jvmArgsAppend(shared));
            run(options("OpenDataBenchmark.*Page.*", 3, 1, 3, 3).jvmArgsAppend(shared));
            run(options("OpenDataBenchmark.(monthlyCount|monthlyCountFromRows|duckDbMonthlyCount)", 3, 2, 3, 3)
                    .jvmArgsAppend(shared));
        } finally {
            deleteQuietly(openData);
        }
    }

    /** Deletes a folder the benchmarks may already have removed in part; the report matters more. */
    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove " + folder + ": " + e);
        }
    }

    private static ChainedOptionsBuilder options(
            String include, int warmups, int warmupSeconds, int measurements, int measurementSeconds) {
        return new OptionsBuilder()
                .include("io\\.khidma\\.benchmarks\\..*"
                        + include.replace(".", "\\.").replace("\\.*", ".*"))
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(measurements)
                .measurementTime(TimeValue.seconds(measurementSeconds));
    }

    private void run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> ran = new Runner(options.build()).run();
        for (var result : ran) {
            var params = result.getParams();
            // io.khidma.benchmarks.http.TransportBenchmark.khidmaTransport -> TransportBenchmark.khidmaTransport
            var benchmark = params.getBenchmark();
            var name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            var algorithm =
                    params.getParamsKeys().contains("algorithm") ? "[" + params.getParam("algorithm") + "]" : "";
            results.put(name + algorithm, result);
        }
    }

    private List<Line> lines() {
        var lines = new ArrayList<Line>();
        lines.add(compare(
                "One GET through the transport vs a bare JDK HttpClient (µs)",
                "TransportBenchmark.khidmaTransport",
                "TransportBenchmark.bareHttpClient",
                Target.AT_MOST,
                1.10));
        for (var algorithm : List.of("ES256", "RS256")) {
            lines.add(compare(
                    "Token validation, first time, " + algorithm + " (ops/s)",
                    "TokenValidationBenchmark.khidmaFirstTime[" + algorithm + "]",
                    "TokenValidationBenchmark.nimbusFirstTime[" + algorithm + "]",
                    Target.AT_LEAST,
                    0.9));
        }
        lines.add(compare(
                "Token validation, repeated token, ES256 (ops/s)",
                "TokenValidationBenchmark.khidmaRepeated[ES256]",
                "TokenValidationBenchmark.nimbusRepeated[ES256]",
                Target.AT_LEAST,
                20));
        lines.add(compare(
                "Webhook verification vs Standard Webhooks (ops/ms)",
                "WebhookVerifierBenchmark.khidmaVerifier",
                "WebhookVerifierBenchmark.standardWebhooks",
                Target.AT_LEAST,
                1.0));
        lines.add(compare(
                "Payments created, 8 callers, vs the same rows through bare JDBC on the same pool (ops/s)",
                "PaymentCreateBenchmark.createEightAtATime",
                "PaymentCreateBenchmark.bareJdbcEightAtATime",
                Target.AT_LEAST,
                0.5));
        lines.add(compare(
                "Catalogue search over 10,000 services, a third of the queries misspelled, vs PostgreSQL's"
                        + " arabic/english full text correcting typos with pg_trgm, mean (µs)",
                "CatalogueSearchBenchmark.searchWithoutHttp",
                "CatalogueSearchBenchmark.postgresFullTextCorrected",
                Target.AT_MOST,
                1.0));
        lines.add(context(
                "The same vs PostgreSQL's full text without correction, which answers a typo with nothing, mean"
                        + " (µs)",
                "CatalogueSearchBenchmark.searchWithoutHttp",
                "CatalogueSearchBenchmark.postgresFullText"));
        lines.add(compare(
                "CSV export of 1,000,000 rows vs PostgreSQL's COPY ... TO STDOUT (ms; ratio = throughput)",
                "OpenDataBenchmark.exportEndpoint",
                "OpenDataBenchmark.exportPostgresCopy",
                Target.THROUGHPUT_AT_LEAST,
                0.8));
        lines.add(compare(
                "Service requests submitted, 8 callers, through the client vs a bare JDK HttpClient (ops/s)",
                "RequestSubmitBenchmark.submitThroughClient",
                "RequestSubmitBenchmark.submitBareHttpClient",
                Target.AT_LEAST,
                0.9));
        lines.add(compare(
                "An agency's inbox, first page of 1,000,000 requests, vs the hand-written query, mean (µs)",
                "RequestInboxBenchmark.inboxFirstPage",
                "RequestInboxBenchmark.bareJdbcFirstPage",
                Target.AT_MOST,
                5));
        lines.add(compare(
                "A journey of six steps applied vs its rows inserted by bare JDBC, mean (µs)",
                "RequestInboxBenchmark.journeySixSteps",
                "RequestInboxBenchmark.bareJdbcJourney",
                Target.AT_MOST,
                8));
        lines.add(compare(
                "Visits booked, 8 callers on two slots, vs the least correct booking by bare JDBC (ops/s)",
                "VisitBookingBenchmark.book",
                "VisitBookingBenchmark.bareJdbc",
                Target.AT_LEAST,
                0.3));
        lines.add(compare(
                "Transaction KPIs, twelve months by channel, vs PostgreSQL's aggregates over the rows, mean (µs;"
                        + " ratio = throughput)",
                "KpiQueryBenchmark.yearByMonthAndChannel",
                "KpiQueryBenchmark.directSqlYearByMonthAndChannel",
                Target.THROUGHPUT_AT_LEAST,
                10));
        lines.add(compare(
                "Offline document verification vs bare Nimbus (ops/s)",
                "DocumentVerifierBenchmark.documentVerifier",
                "DocumentVerifierBenchmark.bareNimbus",
                Target.AT_LEAST,
                0.9));
        double monthly = percentile("OpenDataBenchmark.monthlyCount", 99);
        double duckDb = percentile("OpenDataBenchmark.duckDbMonthlyCount", 99);
        lines.add(new Line(
                "Count by month of 1,000,000 rows over HTTP vs DuckDB on the Parquet export in-process, p99 (ms)",
                number(monthly),
                number(duckDb),
                ratio(monthly / duckDb),
                "p99 ≤ 150 ms",
                monthly <= 150,
                true));
        double fromRows = percentile("OpenDataBenchmark.monthlyCountFromRows", 99);
        lines.add(new Line(
                "The same count from the daily rollup vs from the rows, p99 (ms; ratio = rows / rollup)",
                number(monthly),
                number(fromRows),
                ratio(fromRows / monthly),
                "rollup faster",
                fromRows > monthly,
                true));
        double cursor = percentile("OpenDataBenchmark.lastPageByCursor", 50) / 1000;
        double offset = percentile("OpenDataBenchmark.lastPageByOffset", 50) / 1000;
        lines.add(new Line(
                "The same last page by cursor vs by offset (CKAN), p50 (ms; ratio = offset / cursor)",
                number(cursor),
                number(offset),
                ratio(offset / cursor),
                "cursor faster",
                offset > cursor,
                true));
        return lines;
    }

    /** How a ratio meets its target. */
    private enum Target {
        /** Times: Khidma's over the alternative's, at most the limit. */
        AT_MOST,
        /** Rates: Khidma's over the alternative's, at least the limit. */
        AT_LEAST,
        /** Times read as throughputs: the alternative's time over Khidma's, at least the limit. */
        THROUGHPUT_AT_LEAST
    }

    /** A line with Khidma's ratio to the alternative; with no target ({@code null}), a line for context. */
    private Line compare(String what, String khidma, String alternative, Target target, double limit) {
        var k = result(khidma).getPrimaryResult();
        var a = result(alternative).getPrimaryResult();
        double ratio = target == Target.THROUGHPUT_AT_LEAST ? a.getScore() / k.getScore() : k.getScore() / a.getScore();
        double error = ratio * (relative(k.getScore(), k.getScoreError()) + relative(a.getScore(), a.getScoreError()));
        return new Line(
                what,
                figure(k.getScore(), k.getScoreError()),
                figure(a.getScore(), a.getScoreError()),
                ratio(ratio) + " ± " + ratio(error),
                target == null ? null : (target == Target.AT_MOST ? "≤ " : "≥ ") + limit,
                target == null || (target == Target.AT_MOST ? ratio <= limit : ratio >= limit),
                target == null || Math.abs(ratio - limit) > error);
    }

    /**
     * A ratio of times shown for context, with no target: an alternative that does less than
     * Khidma, whose figure says what that extra work costs.
     */
    private Line context(String what, String khidma, String alternative) {
        return compare(what, khidma, alternative, null, Double.NaN);
    }

    private static double relative(double score, double error) {
        return Double.isNaN(error) || score == 0 ? 0 : Math.abs(error / score);
    }

    private static String figure(double score, double error) {
        return Double.isNaN(error) ? number(score) : number(score) + " ± " + number(error);
    }

    private double percentile(String name, double percentile) {
        return result(name).getPrimaryResult().getStatistics().getPercentile(percentile);
    }

    private RunResult result(String name) {
        var result = results.get(name);
        if (result == null) {
            throw new IllegalStateException("no result for " + name + "; ran " + results.keySet());
        }
        return result;
    }

    private String table(List<Line> lines, double minutes) {
        var text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "Benchmark report, %s: %d cores, %s %s, %s %s; %.1f minutes.%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                minutes));
        text.append(
                "| benchmark | Khidma | alternative | ratio ± 99.9 % | target | met |\n|---|---|---|---|---|---|\n");
        for (var line : lines) {
            text.append("| ")
                    .append(String.join(
                            " | ",
                            line.what(),
                            line.khidma(),
                            line.alternative(),
                            line.ratio(),
                            line.target() == null ? "none (context)" : line.target(),
                            line.target() == null
                                    ? "—"
                                    : (line.met() ? "yes" : "**no**")
                                            + (line.stable() ? "" : " (unstable: the target is inside the error bar)")))
                    .append(" |\n");
        }
        var unstable = lines.stream().filter(line -> !line.stable()).count();
        text.append(
                unstable == 0
                        ? String.format("%nEvery ratio clears its target by more than its error bar.%n")
                        : String.format(
                                "%n%d ratio(s) sit within their error bar of the target: one short run does not settle"
                                        + " them; run those benchmarks alone with more forks (benchmarks/README.md).%n",
                                unstable));
        return text.toString();
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f", value);
    }
}
