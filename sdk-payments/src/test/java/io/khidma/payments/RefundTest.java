package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.ConflictException;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.ValidationException;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.Refund;
import io.khidma.payments.model.RefundLine;
import io.khidma.payments.model.RefundStatus;
import io.khidma.payments.provider.SandboxProvider;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RefundTest {

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
    void partialRefundsAddUpAndEachAgencyRefundsOnlyItsOwnLineItems() {
        var paid = fixture.paid("REFUND-1", SandboxProvider.SUCCESS_CARD);
        try (var asRta = fixture.client(fixture.rta);
                var asMohre = fixture.client(fixture.mohre)) {
            var first = asRta.refund(
                    paid.id(), NewRefund.of(2_000, "Knowledge test not taken").expecting(72_000));
            assertThat(first.status()).isEqualTo(RefundStatus.SUCCEEDED);
            assertThat(first.lineItems()).containsExactly(new RefundLine(1, 2_000));

            var second =
                    asRta.refund(paid.id(), NewRefund.of(2_000, "Fee waived").split(new RefundLine(2, 2_000)));
            assertThat(second.lineItems()).containsExactly(new RefundLine(2, 2_000));

            var after = asRta.get(paid.id());
            assertThat(after.refundedAmount()).isEqualTo(4_000);
            assertThat(after.refundableAmount()).isEqualTo(68_000);
            assertThat(after.lineItems().get(0).refundedAmount()).isEqualTo(2_000);
            assertThat(after.lineItems().get(1).refundedAmount()).isEqualTo(2_000);
            assertThat(asRta.refunds(paid.id())).extracting(Refund::id).containsExactly(first.id(), second.id());

            assertThatThrownBy(() ->
                            asMohre.refund(paid.id(), NewRefund.of(1_000, null).split(new RefundLine(1, 1_000))))
                    .as("line item 1 is RTA's")
                    .isInstanceOf(ForbiddenException.class);
            assertThat(asMohre.refund(paid.id(), NewRefund.of(30_000, "Permit refused"))
                            .lineItems())
                    .containsExactly(new RefundLine(3, 30_000));
            assertThatThrownBy(() -> asMohre.refund(paid.id(), NewRefund.of(1, null)))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.problem().code()).isEqualTo("refund-exceeds-refundable"));
            assertThat(asRta.receipt(paid.id()).refundedAmount()).isEqualTo(34_000);
        }
    }

    @Test
    void aStaleExpectedRefundableAmountIsAConflict() {
        var paid = fixture.paid("REFUND-2", SandboxProvider.SUCCESS_CARD);
        try (var asRta = fixture.client(fixture.rta)) {
            asRta.refund(paid.id(), NewRefund.of(1_000, null).expecting(72_000));
            assertThatThrownBy(() ->
                            asRta.refund(paid.id(), NewRefund.of(1_000, null).expecting(72_000)))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.problem().code()).isEqualTo("refundable-amount-mismatch"));
            assertThat(asRta.get(paid.id()).refundedAmount()).isEqualTo(1_000);
        }
    }

    @Test
    void onlyACapturedPaymentCanBeRefunded() {
        try (var asRta = fixture.client(fixture.rta)) {
            var open = asRta.create(fixture.basket("REFUND-3"));
            assertThatThrownBy(() -> asRta.refund(open.id(), NewRefund.of(1_000, null)))
                    .isInstanceOf(ConflictException.class);
        }
    }

    @Test
    void concurrentRefundsNeverExceedWhatWasCaptured() throws Exception {
        var paid = fixture.paid("REFUND-4", SandboxProvider.SUCCESS_CARD);
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(12);
        try (var asRta = fixture.client(fixture.rta)) {
            var answers = new ArrayList<Future<Refund>>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return asRta.refund(paid.id(), NewRefund.of(10_000, "burst"));
                }));
            }
            start.countDown();
            int succeeded = 0;
            int refused = 0;
            for (var answer : answers) {
                try {
                    assertThat(answer.get().status()).isEqualTo(RefundStatus.SUCCEEDED);
                    succeeded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(KhidmaException.class);
                    assertThat(((KhidmaException) e.getCause()).status()).isEqualTo(422);
                    refused++;
                }
            }
            assertThat(succeeded)
                    .as("RTA's 420.00 holds four refunds of 100.00")
                    .isEqualTo(4);
            assertThat(refused).isEqualTo(8);
            var after = asRta.get(paid.id());
            assertThat(after.refundedAmount()).isEqualTo(40_000);
            assertThat(after.lineItems().get(0).refundedAmount()
                            + after.lineItems().get(1).refundedAmount())
                    .isLessThanOrEqualTo(42_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetriedRefundWhoseResponseWasLostGetsTheRefundItMadeNotASecondOne() throws Exception {
        var paid = fixture.paid("REFUND-LOST", SandboxProvider.SUCCESS_CARD);
        var key = "refund-" + paid.id();
        var first = postRefund(paid, key);
        // The database went away before the response could be stored for replays.
        fixture.database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM idempotency_key WHERE key = :key")
                .bind("key", key)
                .execute());

        var retry = postRefund(paid, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        try (var asRta = fixture.client(fixture.rta)) {
            assertThat(asRta.refunds(paid.id())).hasSize(1);
            assertThat(asRta.get(paid.id()).refundedAmount()).isEqualTo(1_000);
        }
    }

    @Test
    void aRefundLeftSubmittedIsSettledByTheSweepOnce() {
        var paid = fixture.paid("REFUND-STUCK", SandboxProvider.SUCCESS_CARD);
        // What a replica leaves when it dies between asking the provider and recording the answer.
        var refundId = UUID.randomUUID();
        fixture.database.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO refund (id, payment_id, amount, status, requested_by, created_at, updated_at) "
                            + "VALUES (:id, :payment, 2000, 'SUBMITTED', 'rta-payments', now() - interval '5 minutes', "
                            + "now() - interval '5 minutes')")
                    .bind("id", refundId)
                    .bind("payment", paid.id())
                    .execute();
            h.createUpdate("INSERT INTO refund_line (refund_id, payment_id, line_number, amount) "
                            + "VALUES (:id, :payment, 1, 2000)")
                    .bind("id", refundId)
                    .bind("payment", paid.id())
                    .execute();
        });

        int settled = fixture.payments.service().settleSubmittedRefunds(Duration.ofMinutes(1));
        int again = fixture.payments.service().settleSubmittedRefunds(Duration.ofMinutes(1));

        assertThat(settled).isGreaterThanOrEqualTo(1);
        assertThat(again).isZero();
        try (var asRta = fixture.client(fixture.rta)) {
            assertThat(asRta.refunds(paid.id())).singleElement().satisfies(r -> assertThat(r.status())
                    .isEqualTo(RefundStatus.SUCCEEDED));
            assertThat(asRta.get(paid.id()).refundedAmount()).isEqualTo(2_000);
        }
    }

    private static java.net.http.HttpResponse<String> postRefund(Payment paid, String key) {
        var request = HttpRequest.newBuilder(fixture.server.uri().resolve("/payments/" + paid.id() + "/refunds"))
                .header("Authorization", "Bearer " + fixture.rta.token().value())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1000}"))
                .build();
        return HostedPageBrowser.send(HttpClient.newHttpClient(), request);
    }
}
