package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.ValidationException;
import io.khidma.payments.model.Payment;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotentCreateTest {

    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new PaymentsFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void fiftyConcurrentCreatesWithOneKeyMakeOnePaymentAndAnswerAlike() throws Exception {
        var basket = fixture.basket("IDEM-50");
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(50);
        try (var asRta = fixture.client(fixture.rta)) {
            var answers = new ArrayList<Future<Payment>>();
            for (int i = 0; i < 50; i++) {
                Callable<Payment> create = () -> {
                    start.await();
                    return asRta.create(basket, "order-IDEM-50");
                };
                answers.add(pool.submit(create));
            }
            start.countDown();
            var first = answers.get(0).get();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(first);
            }
            assertThat(asRta.list(PaymentQuery.all().withReference("IDEM-50")).stream())
                    .singleElement()
                    .satisfies(p -> assertThat(p.id()).isEqualTo(first.id()));
        } finally {
            pool.shutdownNow();
        }
        long rows = fixture.database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM payment WHERE reference = 'IDEM-50'")
                .mapTo(Long.class)
                .one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        try (var asRta = fixture.client(fixture.rta)) {
            asRta.create(fixture.basket("IDEM-A"), "order-IDEM-A");
            assertThatThrownBy(() -> asRta.create(fixture.basket("IDEM-B"), "order-IDEM-A"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.problem().code()).isEqualTo("idempotency-key-reused");
                    });
            assertThat(asRta.list(PaymentQuery.all().withReference("IDEM-B")).stream())
                    .isEmpty();
        }
    }

    @Test
    void everyPostWithoutAKeyOfItsOwnGetsOneFromTheClient() {
        try (var asRta = fixture.client(fixture.rta)) {
            var one = asRta.create(fixture.basket("IDEM-AUTO"));
            var two = asRta.create(fixture.basket("IDEM-AUTO"));
            assertThat(one.id()).as("two calls are two payments").isNotEqualTo(two.id());
        }
    }

    @Test
    void aRetryWhoseStoredAnswerWasLostGetsThePaymentItsKeyMade() {
        try (var asRta = fixture.client(fixture.rta)) {
            var first = asRta.create(fixture.basket("IDEM-LOST"), "order-IDEM-LOST");
            // The stored answer is gone (the database went away before it was written, or it expired).
            fixture.database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM idempotency_key WHERE key = :key")
                    .bind("key", "order-IDEM-LOST")
                    .execute());

            var retry = asRta.create(fixture.basket("IDEM-LOST"), "order-IDEM-LOST");

            assertThat(retry.id()).isEqualTo(first.id());
            assertThat(asRta.list(PaymentQuery.all().withReference("IDEM-LOST")).stream())
                    .singleElement()
                    .satisfies(p ->
                            assertThat(p.lineItems()).hasSize(first.lineItems().size()));
        }
    }
}
