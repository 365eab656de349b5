package io.khidma.benchmarks.load;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load run on loopback against a sandbox it starts: catalogue searches, payment creations
 * and open-data row queries, each at a fixed rate (open loop: requests are sent on schedule whether
 * or not earlier ones have answered, and latency counts from the scheduled time, so a stall shows
 * in the percentiles instead of slowing the load). Prints throughput, p50, p99 and errors per kind.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.khidma.benchmarks.load.LoadRun [seconds] [requests/s per kind]
 * </pre>
 */
public final class LoadRun {

    private record Kind(String name, List<HttpRequest> requests) {}

    private record Result(String kind, long sent, long ok, long errors, long[] latenciesMicros) {}

    private LoadRun() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        var data = Files.createTempDirectory("khidma-load");
        try (var sandbox = Sandbox.start(data)) {
            var results = run(sandbox.uri(), Duration.ofSeconds(seconds), rate);
            System.out.printf(
                    "%nLoad run: %d s at %d requests/s per kind, on %d cores%n%n",
                    seconds, rate, Runtime.getRuntime().availableProcessors());
            System.out.println("| Kind | Sent | Answered 2xx | Errors | Throughput | p50 | p99 |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (var r : results) {
                var sorted = r.latenciesMicros();
                Arrays.sort(sorted);
                System.out.printf(
                        "| %s | %d | %d | %d | %.1f/s | %.2f ms | %.2f ms |%n",
                        r.kind(),
                        r.sent(),
                        r.ok(),
                        r.errors(),
                        r.ok() / (double) seconds,
                        percentile(sorted, 0.50) / 1000.0,
                        percentile(sorted, 0.99) / 1000.0);
            }
        }
    }

    static List<Result> run(URI sandbox, Duration duration, int ratePerKind) throws Exception {
        var client = SandboxIdentities.load().clients().get(0);
        String token;
        List<HttpRequest> searches = new ArrayList<>();
        List<HttpRequest> rows = new ArrayList<>();
        List<HttpRequest> creates = new ArrayList<>();
        try (var tokens = ClientCredentialsTokenProvider.builder()
                        .tokenEndpoint(sandbox.resolve("/identity/token"))
                        .clientAuthentication(ClientAuthentication.secretBasic(client.clientId(), client.secret()))
                        .build();
                var catalogue = CatalogueClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build();
                var openData = OpenDataClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            token = tokens.token().value();
            // Heavy readers hold an API key: 6,000 requests a minute instead of an address's 600.
            var apiKey = openData.issueApiKey("load run").key();
            for (var q : List.of("تجديد", "vehicle", "ترخيص", "permit", "رسوم", "visa")) {
                searches.add(HttpRequest.newBuilder(
                                sandbox.resolve("/services?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                        .build());
            }
            for (var dataset : openData.search(DatasetQuery.all()).stream().toList()) {
                rows.add(HttpRequest.newBuilder(sandbox.resolve("/datasets/" + dataset.id() + "/rows?limit=50"))
                        .header("X-Api-Key", apiKey)
                        .build());
            }
            var renewal =
                    catalogue
                            .search(ServiceSearch.text("vehicle registration renewal")
                                    .withAgency("rta"))
                            .stream()
                            .filter(s -> s.code().equals("RTA-VEH-RENEW"))
                            .findFirst()
                            .orElseThrow();
            var body = "{\"reference\":\"LOAD\",\"return_url\":\"http://127.0.0.1:3000/paid\",\"line_items\":["
                    + "{\"service_id\":\"" + renewal.id() + "\",\"fee_code\":\"RENEW\"}]}";
            creates.add(HttpRequest.newBuilder(sandbox.resolve("/payments"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
        var kinds = List.of(
                new Kind("catalogue search", searches),
                new Kind("payment create", creates),
                new Kind("open-data rows", rows));
        var senders = Executors.newFixedThreadPool(8);
        var http = HttpClient.newBuilder()
                .executor(senders)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var scheduler = Executors.newScheduledThreadPool(kinds.size());
        var latencies = new ArrayList<ConcurrentLinkedQueue<Long>>();
        var sent = new ArrayList<AtomicInteger>();
        var ok = new ArrayList<AtomicInteger>();
        var errors = new ArrayList<AtomicInteger>();
        long start = System.nanoTime();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerKind;
        long total = duration.toSeconds() * ratePerKind;
        for (int k = 0; k < kinds.size(); k++) {
            var kind = kinds.get(k);
            var lat = new ConcurrentLinkedQueue<Long>();
            var s = new AtomicInteger();
            var good = new AtomicInteger();
            var bad = new AtomicInteger();
            latencies.add(lat);
            sent.add(s);
            ok.add(good);
            errors.add(bad);
            scheduler.scheduleAtFixedRate(
                    () -> {
                        int n = s.getAndIncrement();
                        if (n >= total) {
                            return;
                        }
                        long scheduled = start + n * periodNanos;
                        var request = kind.requests().get(n % kind.requests().size());
                        if (kind.name().equals("payment create")) {
                            request = HttpRequest.newBuilder(request, (name, value) -> true)
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .build();
                        }
                        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                                .whenComplete((response, failure) -> {
                                    lat.add((System.nanoTime() - scheduled) / 1000);
                                    if (failure == null && response.statusCode() < 300) {
                                        good.incrementAndGet();
                                    } else {
                                        bad.incrementAndGet();
                                    }
                                });
                    },
                    0,
                    periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        Thread.sleep(duration.toMillis());
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        // Let the last requests answer.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
                && answered(ok, errors) < Math.min(total, sent.get(0).get()) * kinds.size()) {
            Thread.sleep(100);
        }
        senders.shutdownNow();
        var results = new ArrayList<Result>();
        for (int k = 0; k < kinds.size(); k++) {
            long[] micros = latencies.get(k).stream().mapToLong(Long::longValue).toArray();
            results.add(new Result(
                    kinds.get(k).name(),
                    Math.min(total, sent.get(k).get()),
                    ok.get(k).get(),
                    errors.get(k).get()
                            + Math.max(0, Math.min(total, sent.get(k).get()) - micros.length),
                    micros));
        }
        return results;
    }

    private static long answered(List<AtomicInteger> ok, List<AtomicInteger> errors) {
        long sum = 0;
        for (int i = 0; i < ok.size(); i++) {
            sum += ok.get(i).get() + errors.get(i).get();
        }
        return sum;
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
