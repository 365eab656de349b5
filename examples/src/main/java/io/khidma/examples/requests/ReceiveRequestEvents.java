package io.khidma.examples.requests;

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
import io.khidma.requests.model.RequestWebhookEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * User story: an agency receives its request events. Its back office registers one endpoint for
 * {@code request.*} events (the same kit delivers payment events), verifies each delivery's
 * Standard Webhooks signature over the raw body before reading it, answers 204, and processes each
 * {@code webhook-id} once however often it is delivered.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.requests.ReceiveRequestEvents [sandbox-url] [port]
 * </pre>
 */
public final class ReceiveRequestEvents implements AutoCloseable {

    private final HttpServer http;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Consumer<RequestWebhookEvent> listener;
    private volatile WebhookVerifier verifier;

    private ReceiveRequestEvents(int port, Consumer<RequestWebhookEvent> listener) {
        this.listener = listener;
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/webhooks/requests", this::receive);
        http.start();
    }

    public static ReceiveRequestEvents listen(int port, Consumer<RequestWebhookEvent> listener) {
        return new ReceiveRequestEvents(port, listener);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/webhooks/requests");
    }

    /** Registers this endpoint for the agency's request events and keeps its secret to verify them. */
    public void register(WebhooksClient webhooks) {
        var endpoint = webhooks.create(NewWebhookEndpoint.of(
                uri(),
                WebhookEventType.REQUEST_SUBMITTED,
                WebhookEventType.REQUEST_STATUS_CHANGED,
                WebhookEventType.REQUEST_COMPLETED,
                WebhookEventType.REQUEST_RATED));
        verifier = WebhookVerifier.of(WebhookSecret.parse(endpoint.secret()));
    }

    private void receive(HttpExchange exchange) throws IOException {
        var body = exchange.getRequestBody().readAllBytes();
        var current = verifier;
        int status = 204;
        if (current == null) {
            status = 503; // not registered yet: the platform retries
        } else {
            try {
                var message = current.verify(exchange.getRequestHeaders(), body);
                if (seen.add(message.id())) {
                    listener.accept(KhidmaJson.mapper().readValue(message.body(), RequestWebhookEvent.class));
                }
            } catch (InvalidWebhookException e) {
                status = 400;
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    public static void main(String[] args) throws InterruptedException {
        var sandbox = Examples.sandbox(args);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 3002;
        try (var tokens = Examples.agencyTokens(sandbox, "det-back-office");
                var webhooks = WebhooksClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build();
                var receiver = listen(
                        port,
                        event -> System.out.printf(
                                "%s  %s  %s%n",
                                event.type(),
                                event.data().request().number(),
                                event.data().request().status()))) {
            receiver.register(webhooks);
            System.out.println("Listening at " + receiver.uri() + "; apply with ApplyForABusiness to see events.");
            new CountDownLatch(1).await();
        }
    }
}
