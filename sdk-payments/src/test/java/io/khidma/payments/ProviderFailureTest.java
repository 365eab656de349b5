package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.ManualClock;
import io.khidma.payments.model.PaymentEvent;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The circuit-breaker test opens the circuit for the rest of the class, so it runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderFailureTest {

    static final SandboxProvider provider = new SandboxProvider(Duration.ofSeconds(5));
    static final ManualClock clock = new ManualClock();
    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new PaymentsFixture(
                provider, PaymentsOptions.defaults().withProviderTimeout(Duration.ofMillis(300)), clock);
    }

    @AfterAll
    static void stop() {
        provider.close();
        fixture.close();
    }

    @Test
    void aProviderThatDoesNotAnswerEndsThePaymentInErrorWithNothingCaptured() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("TIMEOUT-1").withLanguage("en"));
            var answer = new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.TIMEOUT_CARD);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("could not be completed and nothing was charged");
            var failed = asRta.get(payment.id());
            assertThat(failed.status()).isEqualTo(PaymentStatus.ERROR);
            assertThat(failed.capturedAmount()).isZero();
            assertThat(asRta.events(payment.id()))
                    .last()
                    .extracting(PaymentEvent::detail)
                    .asString()
                    .contains("did not answer authorise in time");
            assertThat(provider.netCaptured("sbx_" + payment.id())).isZero();
            assertThat(ledgerEntriesOf(payment.id())).isZero();
        }
    }

    @Test
    void aProviderErrorEndsThePaymentInError() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("ERROR-1"));
            new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.ERROR_CARD);
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.ERROR);
            assertThat(ledgerEntriesOf(payment.id())).isZero();
        }
    }

    @Test
    void paymentsNotCompletedInTimeExpire() {
        try (var asRta = fixture.client(fixture.rta)) {
            var untouched = asRta.create(fixture.basket("EXPIRE-1"));
            var opened = asRta.create(fixture.basket("EXPIRE-2").withLanguage("en"));
            var browser = new HostedPageBrowser();
            browser.get(opened.nextUrl());

            clock.advance(Duration.ofMinutes(89));
            fixture.payments.service().expireDue();
            assertThat(asRta.get(untouched.id()).status()).isEqualTo(PaymentStatus.CREATED);

            clock.advance(Duration.ofMinutes(2));
            assertThat(fixture.payments.service().expireDue()).isGreaterThanOrEqualTo(2);
            assertThat(asRta.get(untouched.id()).status()).isEqualTo(PaymentStatus.EXPIRED);
            assertThat(asRta.get(opened.id()).status()).isEqualTo(PaymentStatus.EXPIRED);
            assertThat(browser.get(opened.nextUrl()).body())
                    .contains("This payment has expired")
                    .doesNotContain("<form");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void whenTheProviderKeepsFailingTheCircuitOpensAndTheApiStillAnswers() {
        try (var asRta = fixture.client(fixture.rta)) {
            for (int i = 0; i < 12; i++) {
                var payment = asRta.create(fixture.basket("CIRCUIT-" + i));
                new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.ERROR_CARD);
            }
            var payment = asRta.create(fixture.basket("CIRCUIT-OPEN").withLanguage("en"));
            var answer = new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);

            assertThat(answer.body()).contains("Payments are unavailable for a moment");
            assertThat(asRta.get(payment.id()).status())
                    .as("nothing was sent to the provider: the citizen may try again")
                    .isEqualTo(PaymentStatus.STARTED);
        }
    }

    private static long ledgerEntriesOf(java.util.UUID payment) {
        return fixture.database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT count(*) FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
                                 WHERE t.payment_id = :payment
                                """)
                .bind("payment", payment)
                .mapTo(Long.class)
                .one());
    }
}
