package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.problem.RateLimitedException;
import io.khidma.core.text.Text;
import io.khidma.examples.opendata.PublishDataset;
import io.khidma.examples.payments.TakeAPayment;
import io.khidma.examples.sandbox.SandboxBrowser;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.server.RateLimits;
import io.khidma.payments.model.Payment;
import io.khidma.payments.provider.SandboxProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas on one PostgreSQL, driven together: what must hold once holds across both. */
class ReplicaTest {

    static final int PER_KEY_LIMIT = 20;

    static Platform platform;
    static ClientCredentialsTokenProvider rta;

    @BeforeAll
    static void start() {
        platform = Platform.start(settings -> settings.rateLimits = RateLimits.defaults()
                .withPerKey(PER_KEY_LIMIT)
                .withWindow(Duration.ofMinutes(10))
                .shared(true));
        rta = platform.tokens(Platform.RTA, Platform.RTA_SECRET);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void concurrentCreatesWithOneKeySplitAcrossBothReplicasMakeOnePayment() throws Exception {
        int callers = 24;
        var ids = new CopyOnWriteArrayList<Payment>();
        var go = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(callers);
        try (var catalogue = platform.catalogue(0, rta)) {
            var tasks = new ArrayList<Callable<Void>>();
            for (int i = 0; i < callers; i++) {
                int replica = i % 2;
                tasks.add(() -> {
                    try (var payments = platform.payments(replica, rta)) {
                        go.await();
                        ids.add(TakeAPayment.create(catalogue, payments, "REPLICA-1"));
                    }
                    return null;
                });
            }
            var futures = tasks.stream().map(pool::submit).toList();
            go.countDown();
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ids).hasSize(callers);
        assertThat(ids.stream().map(Payment::id).distinct()).hasSize(1);
        assertThat(platform.count("FROM payment WHERE reference = 'REPLICA-1'")).isEqualTo(1);
    }

    @Test
    void aServiceAndADatasetWrittenOnOneReplicaAreFoundAlikeOnTheOther() {
        try (var catalogue0 = platform.catalogue(0, rta);
                var catalogue1 = platform.catalogue(1, rta);
                var publisher = platform.openData(0, rta);
                var reader = platform.openData(1, null)) {
            var service = PublicService.builder(
                            "RTA-REPLICA-CHECK", "rta", Text.of("خدمة فحص النسخ المتماثلة", "Replica check service"))
                    .build();
            catalogue0.create(service);
            var search = ServiceSearch.text("replica check").withAgency("rta");
            var seen0 =
                    catalogue0.search(search).stream().map(PublicService::id).toList();
            var seen1 =
                    catalogue1.search(search).stream().map(PublicService::id).toList();
            assertThat(seen1).isNotEmpty().isEqualTo(seen0);

            var dataset = PublishDataset.findOrCreate(publisher, "rta", PublishDataset.metroRidership());
            PublishDataset.publishThrough(publisher, dataset, YearMonth.of(2024, 6));
            var query = DatasetQuery.text("metro");
            var found0 = publisher.search(query).stream().map(d -> d.id()).toList();
            var found1 = reader.search(query).stream().map(d -> d.id()).toList();
            assertThat(found1).contains(dataset.id()).isEqualTo(found0);
            var rows0 = publisher.rows(dataset.id(), RowQuery.all()).stream().toList();
            var rows1 = reader.rows(dataset.id(), RowQuery.all()).stream().toList();
            assertThat(rows1).isNotEmpty().isEqualTo(rows0);
        }
    }

    @Test
    void eachWebhookAttemptIsSentOnceThoughBothReplicasDispatch() throws Exception {
        var received = new ConcurrentHashMap<String, AtomicInteger>();
        var inFlight = new ConcurrentHashMap<String, AtomicInteger>();
        var overlaps = new AtomicInteger();
        var receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hooks", exchange -> {
            var id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (inFlight.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            exchange.getRequestBody().readAllBytes();
            int attempt = received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            sleep(50);
            inFlight.get(id).decrementAndGet();
            // The first attempt of every event fails: the second must come, once.
            exchange.sendResponseHeaders(attempt == 1 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        var payments = new ArrayList<Payment>();
        try (var client = platform.payments(0, rta);
                var webhooks = platform.webhooks(0, rta);
                var catalogue = platform.catalogue(1, rta)) {
            var url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
            webhooks.create(NewWebhookEndpoint.of(url, WebhookEventType.PAYMENT_CAPTURED));
            var browser = new SandboxBrowser();
            for (int i = 0; i < 10; i++) {
                var payment = TakeAPayment.create(catalogue, client, "HOOK-" + i);
                browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
                payments.add(payment);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> received.size() == payments.size()
                            && received.values().stream().allMatch(count -> count.get() >= 2));
            // A wrongly repeated send would show within a few poll intervals.
            await().during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> received.values().stream().allMatch(count -> count.get() == 2));
        } finally {
            receiver.stop(0);
        }

        assertThat(received).hasSize(10);
        assertThat(received.values())
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(2));
        assertThat(overlaps.get()).as("an event in flight twice at once").isZero();
    }

    @Test
    void anApiKeysRateLimitHoldsAcrossBothReplicas() {
        String key;
        try (var publisher = platform.openData(0, rta)) {
            key = publisher.issueApiKey("replica-limit").key();
        }
        var outcomes = new ArrayList<String>();
        for (int i = 0; i < PER_KEY_LIMIT + 10; i++) {
            try (var reader = OpenDataClient.builder()
                    .endpoint(platform.replica(i % 2).uri())
                    .apiKey(key)
                    .options(TransportOptions.builder()
                            .retry(RetryOptions.none())
                            .build())
                    .build()) {
                reader.searchPage(DatasetQuery.all(), null);
                outcomes.add("ok");
            } catch (RateLimitedException e) {
                outcomes.add("limited");
            }
        }

        assertThat(outcomes.stream().filter("ok"::equals)).hasSize(PER_KEY_LIMIT);
        assertThat(outcomes.subList(PER_KEY_LIMIT, outcomes.size())).containsOnly("limited");
    }

    @Test
    void tokensKeepValidatingOnEveryReplicaWhileTheJwksEndpointIsDown() {
        try (var warm0 = platform.webhooks(0, rta);
                var warm1 = platform.webhooks(1, rta)) {
            warm0.list();
            warm1.list();
        }
        platform.identity.jwksAvailable(false);
        try {
            var fresh = platform.tokens(Platform.MOHRE, Platform.MOHRE_SECRET);
            Set<Integer> answered = new HashSet<>();
            for (int replica : List.of(0, 1)) {
                try (var webhooks = platform.webhooks(replica, fresh)) {
                    assertThat(webhooks.list()).isNotNull();
                    answered.add(replica);
                }
            }
            assertThat(answered).containsExactly(0, 1);
        } finally {
            platform.identity.jwksAvailable(true);
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
