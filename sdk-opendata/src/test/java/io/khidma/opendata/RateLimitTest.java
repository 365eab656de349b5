package io.khidma.opendata;

import static io.khidma.opendata.OpenDataFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.server.KhidmaServer;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static HttpResponse<String> get(OpenDataFixture fixture, String path, String key) {
        var request = fixture.request(path, null);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return fixture.send(request.GET());
    }

    @Test
    void anonymousCallersAreLimitedPerAddressAndKeyHoldersPerKeyWithHeaders() {
        var limits = RateLimits.defaults().withAnonymous(5).withPerKey(8);
        try (var fixture = new OpenDataFixture(OpenDataOptions.defaults().withRateLimits(limits))) {
            for (int i = 0; i < 5; i++) {
                var answer = get(fixture, "/datasets", null);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("RateLimit-Policy")).hasValue("\"anonymous\";q=5;w=60");
                assertThat(answer.headers().firstValue("RateLimit").orElseThrow())
                        .startsWith("\"anonymous\";r=" + (4 - i) + ";t=");
            }
            var limited = get(fixture, "/api/3/action/package_list", null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(tree(limited).get("code").asText()).isEqualTo("rate-limited");
            long retryAfter =
                    Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"anonymous\";r=0;");

            var issued = fixture.postJson("/api-keys", fixture.rta, Map.of("name", "dashboard"));
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            var key = tree(issued).get("key").asText();
            var keyId = tree(issued).get("id").asText();
            for (int i = 0; i < 8; i++) {
                var answer = get(fixture, "/datasets", key);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("RateLimit-Policy")).hasValue("\"key\";q=8;w=60");
            }
            assertThat(get(fixture, "/datasets", key).statusCode()).isEqualTo(429);
            assertThat(get(fixture, "/datasets", "kod_not-a-key").statusCode()).isEqualTo(401);

            var stored = fixture.database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT key_hash FROM opendata_api_key WHERE id = CAST(:id AS uuid)")
                    .bind("id", keyId)
                    .mapTo(String.class)
                    .one());
            assertThat(stored).as("only a hash is kept").hasSize(64).doesNotContain(key.substring(4));

            assertThat(fixture.send(fixture.request("/api-keys/" + keyId, fixture.mohre)
                                    .DELETE())
                            .statusCode())
                    .as("only its owner revokes a key")
                    .isEqualTo(404);
            assertThat(fixture.send(fixture.request("/api-keys/" + keyId, fixture.rta)
                                    .DELETE())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(get(fixture, "/datasets", key).statusCode()).isEqualTo(401);
            assertThat(fixture.postJson("/api-keys", null, Map.of("name", "x")).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void eachAddressHasItsOwnAnonymousLimitAndAForgedForwardedForChangesNothing() throws IOException {
        var limits = RateLimits.defaults().withAnonymous(3);
        try (var fixture = new OpenDataFixture(OpenDataOptions.defaults().withRateLimits(limits))) {
            var server = fixture.server.uri();
            for (int i = 0; i < 3; i++) {
                assertThat(statusFrom("127.0.0.2", server, Map.of())).isEqualTo(200);
            }
            assertThat(statusFrom("127.0.0.2", server, Map.of())).isEqualTo(429);
            assertThat(statusFrom("127.0.0.2", server, Map.of("X-Forwarded-For", "203.0.113.7")))
                    .as("not behind a trusted proxy: the header is the caller's word, and ignored")
                    .isEqualTo(429);

            assertThat(statusFrom("127.0.0.3", server, Map.of()))
                    .as("another address counts on its own")
                    .isEqualTo(200);
        }
    }

    @Test
    void behindATrustedProxyTheAddressItAppendedCountsNotTheOnesTheCallerSent() throws IOException {
        var limits = RateLimits.defaults().withAnonymous(2).trustForwardedFor(true);
        try (var fixture = new OpenDataFixture(OpenDataOptions.defaults().withRateLimits(limits))) {
            var server = fixture.server.uri();
            // The proxy appends the address it saw to whatever the caller sent.
            for (int i = 0; i < 2; i++) {
                assertThat(statusFrom(
                                "127.0.0.4", server, Map.of("X-Forwarded-For", "10.9.9." + i + ", 198.51.100.20")))
                        .isEqualTo(200);
            }
            assertThat(statusFrom("127.0.0.4", server, Map.of("X-Forwarded-For", "10.9.9.99, 198.51.100.20")))
                    .as("a fresh forged entry does not buy a fresh limit")
                    .isEqualTo(429);
            assertThat(statusFrom("127.0.0.4", server, Map.of("X-Forwarded-For", "198.51.100.21")))
                    .as("another client behind the same proxy counts on its own")
                    .isEqualTo(200);
        }
    }

    /**
     * The status of {@code GET /datasets} sent from a loopback address of the caller's choosing
     * (Linux routes all of 127.0.0.0/8 to loopback): distinct callers, as the server sees them.
     */
    private static int statusFrom(String source, URI server, Map<String, String> headers) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            var request = new StringBuilder("GET /datasets HTTP/1.1\r\nHost: " + server.getHost() + ":"
                    + server.getPort() + "\r\nConnection: close\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            var statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void sharedLimitsHoldAcrossReplicasOnOneDatabase() {
        var options = OpenDataOptions.defaults()
                .withRateLimits(RateLimits.defaults().withAnonymous(6).shared(true));
        try (var fixture = new OpenDataFixture(options);
                var replica = KhidmaServer.builder()
                        .port(0)
                        .database(fixture.database)
                        .register(new OpenDataFeature(fixture.database, options))
                        .start()) {
            int allowed = 0;
            for (int i = 0; i < 10; i++) {
                var base = i % 2 == 0 ? fixture.server.uri() : replica.uri();
                var answer = fixture.send(
                        HttpRequest.newBuilder(base.resolve("/datasets")).GET());
                if (answer.statusCode() == 200) {
                    allowed++;
                } else {
                    assertThat(answer.statusCode()).isEqualTo(429);
                }
            }
            assertThat(allowed).as("six in all, whichever replica answered").isEqualTo(6);
        }
    }
}
