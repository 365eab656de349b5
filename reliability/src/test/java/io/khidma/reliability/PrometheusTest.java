package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.server.Metrics;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxJourney;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus (installed by {@code scripts/install-prometheus}) scrapes the sandbox's
 * metrics port after the demo journey, loads the shipped alert rules, and its query API sees what
 * the journey and the test did, to the exact count where the test knows it;
 * every panel of the shipped Grafana dashboard is valid PromQL over series the server exports.
 * {@code promtool} checks the shipped configuration and rules.
 */
class PrometheusTest {

    private static final Path OPS =
            Path.of("..", "ops", "prometheus").toAbsolutePath().normalize();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void theShippedConfigurationAndRulesPassPromtool() throws Exception {
        assertThat(run(
                        "/usr/bin/promtool",
                        "check",
                        "rules",
                        OPS.resolve("alerts.yml").toString()))
                .as("promtool check rules")
                .isZero();
        assertThat(run(
                        "/usr/bin/promtool",
                        "check",
                        "config",
                        OPS.resolve("prometheus.yml").toString()))
                .as("promtool check config")
                .isZero();
    }

    @Test
    void prometheusScrapesTheSandboxAndSeesWhatAJourneyDid() throws Exception {
        Process prometheus = null;
        var metrics = Metrics.prometheus().serve("127.0.0.1", 0);
        try (var sandbox = Sandbox.start(folder.resolve("sandbox"), metrics)) {
            var console = new ByteArrayOutputStream();
            assertThat(new SandboxJourney(sandbox.uri(), new PrintStream(console, true, StandardCharsets.UTF_8)).run())
                    .as(console.toString(StandardCharsets.UTF_8))
                    .isTrue();

            // GC pause times appear with the first collection; a server that has run a while has one.
            System.gc();
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.scrape().contains("jvm_gc_pause_seconds_sum"));

            var config = folder.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: khidma
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(
                            OPS.resolve("alerts.yml"), metrics.uri().getPort()));
            int port = KhidmaServer.findFreePort();
            prometheus = new ProcessBuilder(
                            "/usr/bin/prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + folder.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("prometheus.log").toFile())
                    .start();
            var api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(value(api, "up{job=\"khidma\"}")).isEqualTo(1));

            // What the journey did: a citizen paid fees, agencies took tokens, requests await agencies.
            assertThat(value(api, "sum(khidma_payments_total{status=\"CAPTURED\"})"))
                    .isPositive();
            assertThat(value(api, "sum(khidma_payments_captured_minor_units_total{currency=\"AED\"})"))
                    .isPositive();
            assertThat(value(api, "sum(khidma_identity_tokens_issued_total{grant=\"client_credentials\"})"))
                    .isPositive();
            assertThat(value(api, "count(khidma_requests_open)")).isEqualTo(8);
            assertThat(value(api, "max(khidma_webhook_backlog)")).isNotNegative();
            assertThat(value(api, "max(hikaricp_connections_max)")).isPositive();

            // Then steps whose counts are known exactly, on top of what the server had counted.
            double refused = serverValue(metrics, "khidma_identity_token_validation_failures_total");
            double rows = serverValue(metrics, "khidma_opendata_rows_served_total", "via=\"rows\"");
            double searches = serverValue(
                    metrics,
                    "http_server_requests_seconds_count",
                    "method=\"GET\"",
                    "status=\"200\"",
                    "uri=\"/services\"");
            for (int i = 0; i < 3; i++) {
                var bogus = HttpRequest.newBuilder(sandbox.uri().resolve("/payments"))
                        .header("Authorization", "Bearer not-a-token")
                        .build();
                assertThat(http.send(bogus, BodyHandlers.discarding()).statusCode())
                        .isEqualTo(401);
            }
            var dataset = get(sandbox.uri().resolve("/datasets?limit=1"))
                    .path("items")
                    .get(0)
                    .path("id")
                    .asText();
            for (int i = 0; i < 2; i++) {
                assertThat(status(sandbox.uri().resolve("/datasets/" + dataset + "/rows?limit=3")))
                        .isEqualTo(200);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(status(sandbox.uri().resolve("/services?q=renewal"))).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(value(api, "sum(khidma_identity_token_validation_failures_total)"))
                                .isEqualTo(refused + 3);
                        assertThat(value(api, "sum(khidma_opendata_rows_served_total{via=\"rows\"})"))
                                .isEqualTo(rows + 6);
                        assertThat(
                                        value(
                                                api,
                                                "sum(http_server_requests_seconds_count{uri=\"/services\",method=\"GET\",status=\"200\"})"))
                                .isEqualTo(searches + 5);
                    });

            var rules = get(api.resolve("rules"));
            assertThat(rules.findValuesAsText("name"))
                    .contains(
                            "KhidmaHighServerErrorRatio",
                            "KhidmaConnectionPoolExhausted",
                            "KhidmaDown",
                            "KhidmaWebhookBacklog",
                            "KhidmaCircuitOpen",
                            "KhidmaRequestsPastServiceLevel");

            // Every panel of the shipped Grafana dashboard queries series this server exports, in
            // PromQL Prometheus accepts.
            var exported = new HashSet<String>();
            get(api.resolve("label/__name__/values")).path("data").forEach(name -> exported.add(name.asText()));
            var dashboard = KhidmaJson.mapper()
                    .readTree(OPS.resolveSibling("grafana")
                            .resolve("khidma-server.json")
                            .toFile());
            var expressions = dashboard.findValuesAsText("expr");
            assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
            var metric = Pattern.compile("([a-z_]+)\\{");
            for (var expression : expressions) {
                var query = expression.replace("$job", "khidma");
                var answer = get(api.resolve("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
                assertThat(answer.path("status").asText()).as(query).isEqualTo("success");
                var used = metric.matcher(query);
                while (used.find()) {
                    if (used.group(1).startsWith("khidma_client_")) {
                        continue; // exported by the applications that call Khidma, not by the server
                    }
                    assertThat(exported)
                            .as("a series the dashboard reads: %s", used.group(1))
                            .contains(used.group(1));
                }
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }

    /** The sum of the values of a metric's series that carry every label given, in the server's own scrape. */
    private static double serverValue(Metrics metrics, String name, String... labels) {
        return metrics.scrape()
                .lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private int status(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding())
                .statusCode();
    }

    /** The single value an instant query answers. */
    private double value(URI api, String query) throws Exception {
        var answer = get(api.resolve("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
        var result = answer.path("data").path("result");
        assertThat(result.size()).as("one series for %s: %s", query, answer).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private JsonNode get(URI uri) throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return KhidmaJson.mapper().readTree(response.body());
    }

    private int run(String... command) throws Exception {
        var process = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("promtool.log").toFile())
                .start();
        int exit = process.waitFor();
        if (exit != 0) {
            System.out.println(Files.readString(folder.resolve("promtool.log")));
        }
        return exit;
    }
}
