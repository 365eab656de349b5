package io.khidma.core.http;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A transport's meters, described at {@link TransportOptions.Builder#meters}. Only a transport given
 * a registry loads this class, and with it Micrometer.
 */
final class TransportMetrics {

    private final MeterRegistry registry;

    TransportMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void called(String service, String method, String status, long nanos) {
        Timer.builder("khidma.client.requests")
                .description("Calls made by Khidma clients, retries included")
                .tag("service", service)
                .tag("method", method)
                .tag("status", status)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void retried(String service) {
        Counter.builder("khidma.client.retries")
                .description("Attempts made again after a failure or a retryable status")
                .tag("service", service)
                .register(registry)
                .increment();
    }

    /** Exports the breaker's state, one series per state, 1 for the one it is in. */
    void watch(CircuitBreaker breaker) {
        for (var state : new CircuitBreaker.State[] {
            CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
        }) {
            Gauge.builder("khidma.client.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the state the service's circuit breaker is in")
                    .tag("service", breaker.getName())
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
