package io.khidma.examples.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.khidma.core.events.InvalidWebhookException;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.Examples;
import io.khidma.payments.model.WebhookEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * User story: an agency receives payment events and trusts only those Khidma signed.
 *
 * <p>The endpoint verifies each delivery's Standard Webhooks signature over the raw body with
 * {@link WebhookVerifier} before reading it: 204 for a verified one, 400 for anything else, so a
 * forged or replayed request changes nothing. Deliveries are at least once; an agency keeps the
 * {@code webhook-id}s it processed and skips repeats ({@link #seen}).
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.webhooks.ReceiveWebhooks [sandbox-url] [port]
 * </pre>
 *
 * Registers {@code http://127.0.0.1:<port>/webhooks/khidma} (port 3001 unless given) for the roads
 * authority, prints each verified event, and removes the registration on Ctrl+C.
 */
public final class ReceiveWebhooks implements AutoCloseable {

    /** A verified delivery. */
    public record Delivery(String webhookId, WebhookEvent event) {}

    private final HttpServer http;
    private final Consumer<Delivery> listener;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CompletableFuture<Delivery>> awaited = new ConcurrentHashMap<>();
    private volatile WebhookVerifier verifier;

    private ReceiveWebhooks(InetSocketAddress address, Consumer<Delivery> listener) {
        this.listener = listener;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        http.createContext("/webhooks/khidma", this::receive);
        http.start();
    }

    /** Starts listening on loopback at {@code port} (0 for any free port); verifies nothing until {@link #verifyWith}. */
    public static ReceiveWebhooks listen(int port, Consumer<Delivery> listener) {
        return new ReceiveWebhooks(new InetSocketAddress("127.0.0.1", port), listener);
    }

    /** The URL to register with Khidma. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/webhooks/khidma");
    }

    /** Verifies deliveries with the endpoint's secret, as Khidma returned it when the endpoint was created. */
    public void verifyWith(WebhookVerifier newVerifier) {
        this.verifier = newVerifier;
    }

    /** Waits for a verified event of {@code type} about {@code payment}, whether it came already or comes later. */
    public Delivery await(WebhookEventType type, UUID payment, Duration timeout) {
        try {
            return awaiting(type, payment).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no verified " + type.wireName() + " arrived within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private CompletableFuture<Delivery> awaiting(WebhookEventType type, UUID payment) {
        return awaited.computeIfAbsent(type.wireName() + " " + payment, key -> new CompletableFuture<>());
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = exchange.getRequestBody().readAllBytes();
            var current = verifier;
            if (current == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Delivery delivery;
            try {
                var message = current.verify(exchange.getRequestHeaders(), body);
                delivery =
                        new Delivery(message.id(), KhidmaJson.mapper().readValue(message.body(), WebhookEvent.class));
            } catch (InvalidWebhookException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            // Verified: acknowledge, and process each webhook-id once however often it is delivered.
            if (seen.add(delivery.webhookId())) {
                listener.accept(delivery);
                awaiting(
                                delivery.event().type(),
                                delivery.event().data().payment().id())
                        .complete(delivery);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    public static void main(String[] args) throws InterruptedException {
        var sandbox = Examples.sandbox(args);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 3001;
        try (var tokens = Examples.agencyTokens(sandbox, "rta-portal");
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build();
                var receiver = listen(
                        port,
                        delivery -> System.out.printf(
                                "%s  %s  payment %s  %s%n",
                                delivery.webhookId(),
                                delivery.event().type().wireName(),
                                delivery.event().data().payment().id(),
                                delivery.event().data().payment().status()))) {
            var endpoint = webhooks.create(NewWebhookEndpoint.of(
                    receiver.uri(),
                    WebhookEventType.PAYMENT_CAPTURED,
                    WebhookEventType.PAYMENT_DECLINED,
                    WebhookEventType.PAYMENT_REFUNDED));
            // The secret is shown once, at creation; keep it like a password, never in a log.
            receiver.verifyWith(WebhookVerifier.of(WebhookSecret.parse(endpoint.secret())));
            System.out.println("Listening at " + receiver.uri() + "; pay something in the sandbox to see events.");
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                webhooks.delete(endpoint.id());
                stopped.countDown();
            }));
            stopped.await();
        }
    }
}
