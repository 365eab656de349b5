package io.khidma.payments.server;

import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.model.PaymentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What payments record after each committed change, in Prometheus' names: {@code
 * khidma_payments_total{status, channel}} counts payments entering a status, {@code
 * khidma_payments_captured_minor_units_total{currency}} and {@code
 * khidma_payments_refunded_minor_units_total{currency}} the amounts (fils for dirhams).
 */
final class PaymentMetrics {

    private final MeterRegistry registry;

    PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        // The amounts exist from the start, at zero, in the one currency payments take today.
        captured(0, "AED");
        refunded(0, "AED");
    }

    void entered(PaymentStatus status, PaymentChannel channel) {
        Counter.builder("khidma.payments")
                .description("Payments that entered a status")
                .tag("status", status.name())
                .tag("channel", channel.name())
                .register(registry)
                .increment();
    }

    void captured(long amount, String currency) {
        amount("khidma.payments.captured", "Amounts captured", amount, currency);
    }

    void refunded(long amount, String currency) {
        amount("khidma.payments.refunded", "Amounts refunded", amount, currency);
    }

    private void amount(String name, String description, long amount, String currency) {
        Counter.builder(name)
                .description(description + ", in the currency's minor unit")
                .baseUnit("minor_units")
                .tag("currency", currency)
                .register(registry)
                .increment(amount);
    }
}
