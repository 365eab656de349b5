package io.khidma.core.events.server;

import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookSigner;
import io.khidma.core.events.model.DeliveryStatus;
import io.khidma.core.tracing.SpanAttributes;
import io.khidma.core.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox, at least once. Every poll claims the due deliveries with {@code FOR
 * UPDATE SKIP LOCKED} and a lease, so replicas share the work and never send one delivery twice at
 * once; each is sent asynchronously with its own deadline, so an endpoint that hangs holds up no
 * other. Each attempt is signed anew (Standard Webhooks) with the same {@code webhook-id}, recorded,
 * and on failure scheduled again with exponential backoff and jitter until the event is {@code
 * retryFor} old.
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_IN_FLIGHT = 64;
    private static final int MAX_ERROR_LENGTH = 500;
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final WebhookStore store;
    private final WebhookOptions options;
    private final WebhookTargets targets;
    private final WebhookKeys keys;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService sender;
    private final ScheduledExecutorService poller;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final WebhookMetrics metrics;
    private final Tracing tracing;
    private volatile Instant backlogCountedAt = Instant.MIN;

    WebhookDispatcher(
            Jdbi jdbi,
            WebhookStore store,
            WebhookOptions options,
            WebhookKeys keys,
            WebhookMetrics metrics,
            Tracing tracing,
            Clock clock) {
        this.jdbi = jdbi;
        this.metrics = metrics;
        this.tracing = tracing;
        this.store = store;
        this.options = options;
        this.targets = WebhookTargets.of(options);
        this.keys = keys;
        this.clock = clock;
        var threads = new AtomicInteger();
        this.sender =
                Executors.newFixedThreadPool(4, task -> daemon(task, "khidma-webhooks-" + threads.incrementAndGet()));
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(sender)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "khidma-webhooks-poll"));
    }

    void start() {
        long every = options.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            deliverDue();
            countBacklog();
        } catch (RuntimeException e) {
            // The database may be restarting: the next poll tries again.
            LOG.warn("webhook poll failed: {}", e.toString());
        }
    }

    /** Claims what is due and starts sending it; returns how many deliveries it started. */
    int deliverDue() {
        int capacity = inFlight.availablePermits();
        if (capacity == 0) {
            return 0;
        }
        var now = clock.instant();
        var lease = now.plus(options.requestTimeout()).plusSeconds(30);
        var due = jdbi.inTransaction(h -> store.claimDue(h, now, lease, Math.min(capacity, 20)));
        for (var delivery : due) {
            inFlight.acquireUninterruptibly();
            send(delivery).whenComplete((ignored, failure) -> inFlight.release());
        }
        return due.size();
    }

    /** Counts the backlog for the metrics, every {@link #BACKLOG_EVERY} at most. */
    private void countBacklog() {
        var now = clock.instant();
        if (now.isBefore(backlogCountedAt.plus(BACKLOG_EVERY))) {
            return;
        }
        backlogCountedAt = now;
        var backlog = jdbi.withHandle(store::backlog);
        metrics.backlog(
                backlog.pending(), backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), now));
    }

    private CompletableFuture<Void> send(WebhookStore.Due delivery) {
        var started = clock.instant();
        int attempt = delivery.attempts() + 1;
        HttpRequest request;
        Span span = null;
        try {
            var secrets = jdbi.withHandle(h -> store.activeSecrets(h, delivery.endpointId(), started)).stream()
                    .map(stored -> WebhookSecret.parse(keys.open(delivery.endpointId(), stored)))
                    .toList();
            var builder = HttpRequest.newBuilder(delivery.url())
                    .timeout(options.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "khidma-webhooks/1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.payload()));
            new WebhookSigner(secrets)
                    .headers(delivery.messageId(), started, delivery.payload())
                    .forEach(builder::header);
            span = startSpan(delivery, attempt, builder);
            request = builder.build();
        } catch (RuntimeException e) {
            record(delivery, attempt, started, null, e.toString());
            endSpan(span, null, e);
            return CompletableFuture.completedFuture(null);
        }
        var delivered = span;
        // The host is resolved and checked on a sender thread: a slow lookup holds up no poll.
        return CompletableFuture.runAsync(
                        () -> {
                            try {
                                targets.requirePublic(delivery.url());
                            } catch (UnknownHostException e) {
                                throw new CompletionException(e);
                            }
                        },
                        sender)
                .thenCompose(checked -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        record(delivery, attempt, started, null, describe(failure));
                    } else {
                        record(delivery, attempt, started, response.statusCode(), null);
                    }
                    endSpan(delivered, response == null ? null : response.statusCode(), failure);
                    return null;
                });
    }

    /**
     * A client span for the attempt, in the trace of the request that caused the event (its
     * traceparent was kept with the event), whose context the receiver gets as {@code traceparent}.
     */
    private Span startSpan(WebhookStore.Due delivery, int attempt, HttpRequest.Builder request) {
        var parent = delivery.traceparent() == null
                ? Context.root()
                : tracing.propagator().extract(Context.root(), delivery.traceparent(), TRACEPARENT);
        var span = tracing.tracer()
                .spanBuilder("webhook delivery")
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, "POST")
                .setAttribute(SpanAttributes.SERVER_ADDRESS, delivery.url().getHost())
                .setAttribute("messaging.message.id", delivery.messageId())
                .setAttribute("khidma.webhook.attempt", (long) attempt)
                .startSpan();
        tracing.propagator()
                .inject(Context.root().with(span), request, (carrier, name, value) -> carrier.setHeader(name, value));
        return span;
    }

    private static void endSpan(Span span, Integer status, Throwable failure) {
        if (span == null) {
            return;
        }
        if (status != null) {
            span.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (failure != null || status == null || status >= 300) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return java.util.List.of("traceparent");
        }

        @Override
        public String get(String traceparent, String key) {
            return "traceparent".equals(key) ? traceparent : null;
        }
    };

    private void record(WebhookStore.Due delivery, int attempt, Instant started, Integer status, String error) {
        var now = clock.instant();
        long millis = Duration.between(started, now).toMillis();
        boolean delivered = status != null && status >= 200 && status < 300;
        Instant next = null;
        var outcome = DeliveryStatus.SUCCEEDED;
        if (!delivered) {
            next = now.plus(backoff(attempt));
            outcome = next.isAfter(delivery.eventCreatedAt().plus(options.retryFor()))
                    ? DeliveryStatus.FAILED
                    : DeliveryStatus.PENDING;
            if (outcome == DeliveryStatus.FAILED) {
                next = null;
            }
        }
        var shortError =
                error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        var finalOutcome = outcome;
        var finalNext = next;
        try {
            jdbi.useTransaction(h -> store.recordAttempt(
                    h, delivery.deliveryId(), attempt, started, status, shortError, millis, finalOutcome, finalNext));
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is sent again: at least once, never lost.
            LOG.warn("could not record webhook attempt {} of {}: {}", attempt, delivery.messageId(), e.toString());
        }
        if (delivered) {
            metrics.attempted(WebhookMetrics.DeliveryOutcome.DELIVERED);
            metrics.delivered(Duration.between(delivery.eventCreatedAt(), now));
        } else {
            metrics.attempted(
                    finalNext == null
                            ? WebhookMetrics.DeliveryOutcome.FAILED
                            : WebhookMetrics.DeliveryOutcome.RETRYING);
            LOG.info(
                    "webhook {} to endpoint {} attempt {} failed ({}); {}",
                    delivery.messageId(),
                    delivery.endpointId(),
                    attempt,
                    status != null ? "status " + status : shortError,
                    finalNext == null ? "giving up" : "next at " + finalNext);
        }
    }

    /** {@code initialBackoff × 2^(attempt-1)}, capped, with ±20 % jitter so endpoints are not hit in waves. */
    private Duration backoff(int attempt) {
        var base = options.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (base.compareTo(options.maxBackoff()) > 0) {
            base = options.maxBackoff();
        }
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * jitter)));
    }

    private static String describe(Throwable failure) {
        var cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Thread daemon(Runnable task, String name) {
        var thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        sender.shutdownNow();
    }
}
