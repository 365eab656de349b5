package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.server.KhidmaServer;
import io.khidma.examples.payments.TakeAPayment;
import io.khidma.examples.sandbox.SandboxBrowser;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.RefundStatus;
import io.khidma.payments.provider.SandboxProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again under a load of payment creates and refunds on two
 * replicas: nothing lost, nothing doubled, the ledger balanced; callers get 503 problems they can
 * retry, and both replicas serve again without being restarted.
 */
class DatabaseRestartTest {

    static final Duration LOAD = Duration.ofSeconds(12);
    static final Duration DOWN = Duration.ofSeconds(3);
    static final int CALLERS = 4;

    /** What one caller asked for and what it finally got. */
    record Outcome(String kind, String key, String result) {}

    @Test
    void paymentsAndRefundsSurviveADatabaseRestart() throws Exception {
        Path data = Files.createTempDirectory("khidma-restart");
        int port = KhidmaServer.findFreePort();
        var postgres = new EmbeddedPostgres[] {startPostgres(data, port)};
        var jdbcUrl = postgres[0].getJdbcUrl("postgres", "postgres");
        try (var platform = Platform.start(settings -> {
            settings.openData = false;
            settings.pool = () -> {
                var pool = new HikariConfig();
                pool.setJdbcUrl(jdbcUrl);
                pool.setUsername("postgres");
                pool.setPassword("postgres");
                pool.setMaximumPoolSize(10);
                pool.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
                return pool;
            };
        })) {
            var rta = platform.tokens(Platform.RTA, Platform.RTA_SECRET);
            var captured = capturedPayments(platform, rta, 8);

            var outcomes = new CopyOnWriteArrayList<Outcome>();
            var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
            var badErrors = new CopyOnWriteArrayList<String>();
            var stop = new AtomicBoolean();
            var pool = Executors.newFixedThreadPool(CALLERS + 1);
            var work = new ArrayList<Future<?>>();
            for (int caller = 0; caller < CALLERS; caller++) {
                int me = caller;
                work.add(pool.submit(() -> load(platform, rta, me, captured, stop, outcomes)));
            }
            work.add(pool.submit(() -> probe(platform, rta, stop, statuses, badErrors)));

            Thread.sleep(3_000);
            postgres[0].close();
            Thread.sleep(DOWN.toMillis());
            postgres[0] = startPostgres(data, port);
            Thread.sleep(LOAD.minus(DOWN).minusSeconds(3).toMillis());
            stop.set(true);
            for (var future : work) {
                future.get();
            }
            pool.shutdown();

            System.out.printf(
                    "database restart under load: %d creates and %d refunds answered; probe statuses %s%n",
                    outcomes.stream().filter(o -> o.kind().equals("create")).count(),
                    outcomes.stream().filter(o -> o.kind().equals("refund")).count(),
                    statuses);
            // Callers were told to retry, with problems, never a 500.
            assertThat(statuses).containsKey(503);
            assertThat(statuses).doesNotContainKey(500);
            assertThat(badErrors).isEmpty();

            // Every operation came to an answer; nothing created twice, nothing lost.
            assertThat(outcomes).isNotEmpty().allSatisfy(o -> assertThat(o.result())
                    .doesNotStartWith("gave up"));
            for (var outcome : outcomes) {
                if (outcome.kind().equals("create")) {
                    assertThat(platform.count("FROM payment WHERE reference = ?", outcome.key()))
                            .as("payments with reference %s after %s", outcome.key(), outcome)
                            .isEqualTo(1);
                } else {
                    assertThat(platform.count(
                                    "FROM refund WHERE idempotency_key = ? AND status = 'SUCCEEDED'", outcome.key()))
                            .as("refunds with key %s after %s", outcome.key(), outcome)
                            .isEqualTo(1);
                }
            }
            long refunds =
                    outcomes.stream().filter(o -> o.kind().equals("refund")).count();
            assertThat(platform.count("FROM refund WHERE idempotency_key LIKE 'restart-refund-%'"))
                    .isEqualTo(refunds);
            assertThat(platform.count("FROM refund WHERE status = 'SUBMITTED'")).isZero();
            // The ledger: one transaction per succeeded refund, every transaction balanced, and
            // each payment's refunded total what its refunds add up to.
            assertThat(platform.count("FROM ledger_transaction WHERE kind = 'refund'"))
                    .isEqualTo(platform.count("FROM refund WHERE status = 'SUCCEEDED'"));
            assertThat(platform.count("FROM (SELECT transaction_id FROM ledger_entry GROUP BY transaction_id "
                            + "HAVING sum(amount) <> 0) unbalanced"))
                    .isZero();
            try (var payments = platform.payments(1, rta)) {
                for (var payment : captured) {
                    long succeeded = payments.refunds(payment.id()).stream()
                            .filter(r -> r.status() == RefundStatus.SUCCEEDED)
                            .mapToLong(r -> r.amount())
                            .sum();
                    assertThat(payments.get(payment.id()).refundedAmount()).isEqualTo(succeeded);
                }
            }
            // Both replicas serve again without a restart of their own.
            for (int replica : List.of(0, 1)) {
                try (var payments = platform.payments(replica, rta);
                        var catalogue = platform.catalogue(replica, rta)) {
                    var after = TakeAPayment.create(catalogue, payments, "AFTER-RESTART-" + replica);
                    assertThat(payments.get(after.id()).reference()).isEqualTo("AFTER-RESTART-" + replica);
                }
            }
        } finally {
            postgres[0].close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static List<Payment> capturedPayments(Platform platform, ClientCredentialsTokenProvider rta, int count) {
        var browser = new SandboxBrowser();
        var paid = new ArrayList<Payment>();
        try (var payments = platform.payments(0, rta);
                var catalogue = platform.catalogue(0, rta)) {
            for (int i = 0; i < count; i++) {
                var payment = TakeAPayment.create(catalogue, payments, "RESTART-PAID-" + i);
                browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
                paid.add(payment);
            }
        }
        return paid;
    }

    /**
     * One caller: creates payments and refunds 1 AED of captured ones, on alternate replicas. An
     * operation is retried with its own key until it has an answer, as an integrator's job would.
     */
    private static void load(
            Platform platform,
            ClientCredentialsTokenProvider rta,
            int caller,
            List<Payment> captured,
            AtomicBoolean stop,
            List<Outcome> outcomes) {
        for (int n = 0; !stop.get(); n++) {
            int replica = n % 2;
            if (n % 3 == 2) {
                var payment = captured.get((caller + n) % captured.size());
                var key = "restart-refund-" + caller + "-" + n;
                outcomes.add(new Outcome("refund", key, untilAnswered(() -> {
                    try (var payments = platform.payments(replica, rta)) {
                        return payments.refund(payment.id(), NewRefund.of(100, "restart test"), key)
                                .status()
                                .name();
                    }
                })));
            } else {
                var reference = "RESTART-" + caller + "-" + n;
                outcomes.add(new Outcome("create", reference, untilAnswered(() -> {
                    try (var payments = platform.payments(replica, rta);
                            var catalogue = platform.catalogue(replica, rta)) {
                        return TakeAPayment.create(catalogue, payments, reference)
                                .status()
                                .name();
                    }
                })));
            }
        }
    }

    private interface Call {
        String run();
    }

    private static String untilAnswered(Call call) {
        var deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                return call.run();
            } catch (KhidmaException e) {
                if (e.status() != 0 && e.status() != 503 && e.status() != 409) {
                    return "refused " + e.status() + " " + e.problem().detail();
                }
                sleep(200);
            }
        }
        return "gave up";
    }

    /** Reads the payments list every 100 ms with a plain HTTP client and keeps every status seen. */
    private static void probe(
            Platform platform,
            ClientCredentialsTokenProvider rta,
            AtomicBoolean stop,
            Map<Integer, AtomicInteger> statuses,
            List<String> badErrors) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var token = rta.token().value();
        while (!stop.get()) {
            var request = HttpRequest.newBuilder(platform.replica(0).uri().resolve("/payments?limit=1"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10))
                    .build();
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                        .incrementAndGet();
                if (response.statusCode() >= 500) {
                    var type = response.headers().firstValue("Content-Type").orElse("");
                    if (!type.startsWith("application/problem+json")
                            || response.headers().firstValue("Retry-After").isEmpty()
                            || response.body().contains("Exception")) {
                        badErrors.add(response.statusCode() + " " + type + " " + response.body());
                    }
                }
            } catch (IOException e) {
                badErrors.add("no response: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
