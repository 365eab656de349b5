package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.TestDatabases;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    /** Creates an order per call and counts the calls; fails on demand. */
    @Path("/orders")
    public static final class OrdersResource {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Response create(String body) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("simulated failure");
            }
            int number = created.incrementAndGet();
            return Response.created(URI.create("/orders/" + number))
                    .entity("{\"order\":" + number + ",\"body\":" + body + "}")
                    .build();
        }
    }

    static final Duration LEASE = Duration.ofSeconds(5);
    static Database database;
    static OrdersResource orders;
    static KhidmaServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = TestDatabases.fresh().migrate("idempotency");
        orders = new OrdersResource();
        server = KhidmaServer.builder()
                .port(0)
                .register(new IdempotencyFeature(database, LEASE))
                .register(orders)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    private static HttpResponse<String> post(String key, String body) throws Exception {
        var request = HttpRequest.newBuilder(server.uri().resolve("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseAndRunsNothing() throws Exception {
        var key = UUID.randomUUID().toString();
        int before = orders.created.get();

        var first = post(key, "{\"fee\":\"RENEW\"}");
        var retry = post(key, "{\"fee\":\"RENEW\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(orders.created.get() - before).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        var key = UUID.randomUUID().toString();
        post(key, "{\"fee\":\"RENEW\"}");

        var other = post(key, "{\"fee\":\"FINE\"}");

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("idempotency-key-reused");
    }

    @Test
    void withoutAKeyEveryPostRuns() throws Exception {
        int before = orders.created.get();
        post(null, "{}");
        post(null, "{}");
        assertThat(orders.created.get() - before).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithOneKeyRunOnceAndAllGetTheSameAnswer() throws Exception {
        var key = UUID.randomUUID().toString();
        int before = orders.created.get();
        var pool = Executors.newFixedThreadPool(20);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return post(key, "{\"basket\":[1,2]}");
                }));
            }
            start.countDown();
            var bodies = new HashSet<String>();
            for (var future : futures) {
                var response = future.get();
                assertThat(response.statusCode()).isEqualTo(201);
                bodies.add(response.body());
            }
            assertThat(bodies).hasSize(1);
            assertThat(orders.created.get() - before).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerFailureFreesTheKeyForTheRetry() throws Exception {
        var key = UUID.randomUUID().toString();
        orders.failuresLeft.set(1);

        assertThat(post(key, "{}").statusCode()).isEqualTo(500);
        var retry = post(key, "{}");

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void keysExpireAfterTheirRetention() throws Exception {
        var key = UUID.randomUUID().toString();
        int before = orders.created.get();
        post(key, "{}");
        database.jdbi().useHandle(h -> h.createUpdate(
                        "UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = :key")
                .bind("key", key)
                .execute());

        var later = post(key, "{\"other\":true}");

        assertThat(later.statusCode()).isEqualTo(201);
        assertThat(orders.created.get() - before).isEqualTo(2);
    }

    @Test
    void aKeyWhoseRequestNeverAnsweredIsTakenOverAfterTheLease() throws Exception {
        var key = UUID.randomUUID().toString();
        // What a request leaves behind when its replica dies after claiming the key.
        database.jdbi().useHandle(h -> h.createUpdate(
                        "INSERT INTO idempotency_key (scope, key, request_hash, created_at) "
                                + "VALUES ('anonymous orders', :key, sha256('{}'::bytea), now() - interval '6 seconds')")
                .bind("key", key)
                .execute());
        int before = orders.created.get();

        var retry = post(key, "{}");

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(orders.created.get() - before).isEqualTo(1);
        assertThat(post(key, "{}").headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void expiredKeysArePurged() {
        database.jdbi()
                .useHandle(h -> h.execute("INSERT INTO idempotency_key (scope, key, request_hash, created_at) "
                        + "VALUES ('anonymous orders', 'old', '\\x00', now() - interval '25 hours')"));

        int purged = new IdempotencyStore(database, IdempotencyFeature.RETENTION, LEASE).purgeExpired();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        int left = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM idempotency_key WHERE key = 'old'")
                        .mapTo(Integer.class)
                        .one());
        assertThat(left).isZero();
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        assertThat(post("a key with spaces", "{}").statusCode()).isEqualTo(400);
    }
}
