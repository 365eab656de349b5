package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes the server kit's metrics on their own port; the API port does not serve them. */
class MetricsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private int get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void requestsPoolAndJvmAreScrapedOffTheApiPort() throws Exception {
        var database = TestDatabases.fresh().migrate("catalogue");
        try (var metrics = Metrics.prometheus().serve("127.0.0.1", 0);
                var server = KhidmaServer.builder()
                        .port(0)
                        .database(database.bindMetrics(metrics))
                        .metrics(metrics)
                        .register(new CatalogueFeature(database))
                        .start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(server.uri().resolve("/services?q=renewal"))).isEqualTo(200);
            }
            assertThat(get(server.uri().resolve("/services/not-a-uuid"))).isEqualTo(404);
            assertThat(get(server.uri().resolve("/metrics")))
                    .as("not on the API port")
                    .isEqualTo(404);

            var scrape = http.send(HttpRequest.newBuilder(metrics.uri()).build(), BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            var body = scrape.body();
            assertThat(body)
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                            + "[^}]*uri=\"/services\"[^}]*\\} 3")
                    .as("a 404 of a route is that route's; one without a route is NOT_FOUND's, whatever its path")
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*"
                            + "uri=\"/services/\\{id}\"[^}]*\\} 1")
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*"
                            + "uri=\"NOT_FOUND\"[^}]*\\} 1")
                    .contains("hikaricp_connections_active")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_uptime_seconds");
            assertThat(http.send(
                                    HttpRequest.newBuilder(metrics.uri())
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(405);
        } finally {
            database.close();
        }
    }
}
