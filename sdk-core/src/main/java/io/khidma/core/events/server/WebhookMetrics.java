package io.khidma.core.events.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dispatcher records, in Prometheus' names: {@code khidma_webhook_attempts_total{outcome}}
 * (delivered, retrying, failed), {@code khidma_webhook_delivery_lag_seconds} from an event's
 * creation to its delivery, and the backlog as the database holds it, shared by every replica:
 * {@code khidma_webhook_backlog} deliveries pending and {@code
 * khidma_webhook_oldest_pending_age_seconds}.
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final Timer lag;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("khidma.webhook.delivery.lag")
                .description("From an event's creation to its delivery to an endpoint")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        Gauge.builder("khidma.webhook.backlog", pending, AtomicLong::get)
                .description("Webhook deliveries not yet delivered nor given up")
                .register(registry);
        Gauge.builder("khidma.webhook.oldest.pending.age", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest pending delivery's event")
                .baseUnit("seconds")
                .register(registry);
        for (var outcome : DeliveryOutcome.values()) {
            attempts(outcome);
        }
    }

    void attempted(DeliveryOutcome outcome) {
        attempts(outcome).increment();
    }

    private Counter attempts(DeliveryOutcome outcome) {
        return Counter.builder("khidma.webhook.attempts")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    void delivered(Duration sinceEvent) {
        lag.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void backlog(long deliveries, Duration oldest) {
        pending.set(deliveries);
        oldestPendingSeconds.set(oldest.toSeconds());
    }

    enum DeliveryOutcome {
        DELIVERED,
        RETRYING,
        FAILED
    }
}
