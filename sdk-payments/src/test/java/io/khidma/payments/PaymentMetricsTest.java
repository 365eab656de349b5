package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.server.Metrics;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.provider.SandboxProvider;
import org.junit.jupiter.api.Test;

class PaymentMetricsTest {

    @Test
    void aPaidAndPartlyRefundedPaymentIsCountedByStatusChannelAndAmount() {
        try (var fixture = new PaymentsFixture();
                var metrics = Metrics.prometheus()) {
            fixture.database.bindMetrics(metrics);
            var paid = fixture.paid("METRICS-1", SandboxProvider.SUCCESS_CARD);
            try (var asRta = fixture.client(fixture.rta)) {
                asRta.refund(paid.id(), NewRefund.of(2_000, "Knowledge test not taken"));
            }

            var registry = metrics.registry();
            for (var status : new String[] {"CREATED", "STARTED", "AUTHORISED", "CAPTURED"}) {
                assertThat(registry.find("khidma.payments")
                                .tags("status", status, "channel", PaymentChannel.WEB.name())
                                .counter()
                                .count())
                        .as(status)
                        .isEqualTo(1);
            }
            assertThat(registry.find("khidma.payments.captured")
                            .tag("currency", "AED")
                            .counter()
                            .count())
                    .isEqualTo(paid.amount());
            assertThat(registry.find("khidma.payments.refunded")
                            .tag("currency", "AED")
                            .counter()
                            .count())
                    .isEqualTo(2_000);
            assertThat(metrics.scrape())
                    .contains("khidma_payments_total{channel=\"WEB\",status=\"CAPTURED\"} 1.0")
                    .contains("khidma_payments_refunded_minor_units_total{currency=\"AED\"} 2000.0");
        }
    }
}
