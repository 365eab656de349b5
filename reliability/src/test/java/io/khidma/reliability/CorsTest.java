package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.opendata.server.OpenDataOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browser pages of the configured origins may read open data; nobody else, and nobody may write. */
class CorsTest {

    static final String PORTAL = "https://data.example.ae";
    static Platform platform;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        platform = Platform.start(settings -> {
            settings.replicas = 1;
            settings.corsOrigins = new String[] {PORTAL};
        });
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void corsIsOffUnlessConfigured() {
        assertThat(OpenDataOptions.defaults().corsOrigins()).isEmpty();
    }

    @Test
    void aConfiguredOriginMayReadDatasetsRowsAndTheCatalogue() throws Exception {
        for (var path : new String[] {"/datasets", "/catalog", "/api/3/action/package_list"}) {
            var response = send(HttpRequest.newBuilder(platform.replica(0).uri().resolve(path))
                    .header("Origin", PORTAL));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .contains(PORTAL);
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                    .isEmpty();
            assertThat(response.headers().allValues("Vary"))
                    .anySatisfy(v -> assertThat(v).contains("Origin"));
        }
        var preflight = send(HttpRequest.newBuilder(platform.replica(0).uri().resolve("/datasets"))
                .header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .contains("GET, HEAD");
    }

    @Test
    void otherOriginsAndWritesGetNoCorsHeaders() throws Exception {
        var stranger = send(HttpRequest.newBuilder(platform.replica(0).uri().resolve("/datasets"))
                .header("Origin", "https://evil.example"));
        var write = send(HttpRequest.newBuilder(platform.replica(0).uri().resolve("/datasets"))
                .header("Origin", PORTAL)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        var writePreflight =
                send(HttpRequest.newBuilder(platform.replica(0).uri().resolve("/datasets"))
                        .header("Origin", PORTAL)
                        .header("Access-Control-Request-Method", "POST")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        var payments = send(HttpRequest.newBuilder(platform.replica(0).uri().resolve("/payments"))
                .header("Origin", PORTAL));

        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(write.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(writePreflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(writePreflight.headers().firstValue("Access-Control-Allow-Methods"))
                .isEmpty();
        assertThat(payments.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
