package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.problem.KhidmaException;
import io.khidma.core.testing.ManualClock;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.SettlementRow;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.PaymentsOptions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of payments (paid, declined, abandoned), captures and refunds always leave the
 * ledger balanced, every agency's balance equal to its captured less refunded line items, and the
 * settlement report equal to the ledger.
 */
class LedgerPropertyTest {

    static final ManualClock clock = new ManualClock();
    static PaymentsFixture fixture;

    @BeforeContainer
    static void start() {
        fixture = new PaymentsFixture(new SandboxProvider(), PaymentsOptions.defaults(), clock);
    }

    @AfterContainer
    static void stop() {
        fixture.close();
    }

    sealed interface Step permits Pay, Refund {}

    /** A basket (fee indexes into {@link #fees}) paid with a card. */
    record Pay(List<Integer> fees, String card, boolean delayedThenCaptured) implements Step {}

    /** A refund of a share of the n-th payment made so far, by the agency of one of its line items. */
    record Refund(int payment, int lineItem, int permille) implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> pay = Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of(
                                SandboxProvider.SUCCESS_CARD,
                                SandboxProvider.SUCCESS_CARD,
                                SandboxProvider.DECLINED_CARD),
                        Arbitraries.of(true, false))
                .as(Pay::new);
        Arbitrary<Step> refund = Combinators.combine(
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(1, 1_000))
                .as(Refund::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, pay), net.jqwik.api.Tuple.of(2, refund))
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }

    @Property(tries = 25)
    void theLedgerBalancesAndTheSettlementReportEqualsIt(@ForAll("steps") List<Step> steps) {
        var made = new ArrayList<Payment>();
        try (var asRta = fixture.client(fixture.rta);
                var asMohre = fixture.client(fixture.mohre)) {
            for (var step : steps) {
                if (step instanceof Pay pay) {
                    var payment = asRta.create(basket(pay));
                    new HostedPageBrowser().pay(payment.nextUrl(), pay.card());
                    // An agency sees a payment only through its own line items; a DOF-only basket stays as paid.
                    var agencies = payment.agencies();
                    var agency = agencies.contains("rta") ? asRta : agencies.contains("mohre") ? asMohre : null;
                    if (pay.delayedThenCaptured()
                            && agency != null
                            && agency.get(payment.id()).status() == PaymentStatus.AUTHORISED) {
                        agency.capture(payment.id());
                    }
                    made.add(payment);
                } else if (step instanceof Refund refund && !made.isEmpty()) {
                    var payment = made.get(refund.payment() % made.size());
                    var item = payment.lineItems()
                            .get(refund.lineItem() % payment.lineItems().size());
                    long amount = Math.max(1, item.amount() * refund.permille() / 1_000);
                    if (item.agencyId().equals("dof")) {
                        continue; // DOF's client here only reads
                    }
                    var client = item.agencyId().equals("rta") ? asRta : asMohre;
                    try {
                        client.refund(payment.id(), NewRefund.of(amount, "property"));
                    } catch (KhidmaException refused) {
                        // Not captured, or more than is left: refused, and nothing may change.
                        assertThat(refused.status()).isIn(409, 422);
                    }
                }
            }
        }
        assertLedgerMatchesPayments();
    }

    private NewPayment basket(Pay pay) {
        var items = pay.fees().stream().map(this::fee).toArray(LineItemRequest[]::new);
        return NewPayment.of("PROP", PaymentsFixture.RETURN_URL, items).withDelayedCapture(pay.delayedThenCaptured());
    }

    private LineItemRequest fee(int index) {
        return switch (index) {
            case 0 -> LineItemRequest.of(fixture.vehicleRenewal, "RENEW");
            case 1 -> LineItemRequest.of(fixture.vehicleRenewal, "KNOWLEDGE");
            case 2 -> LineItemRequest.of(fixture.workPermit, "ISSUE");
            default -> LineItemRequest.of(fixture.governmentFees, "SERVICE");
        };
    }

    /** Expected per agency from the payments themselves; actual from the ledger and the report. */
    private static void assertLedgerMatchesPayments() {
        var captured = new HashMap<String, Long>();
        var refunded = new HashMap<String, Long>();
        var rows = fixture.database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT li.agency_id, li.amount, p.status,
                               coalesce((SELECT sum(rl.amount) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id
                                          WHERE rl.payment_id = li.payment_id AND rl.line_number = li.number
                                            AND r.status = 'SUCCEEDED'), 0) AS refunded
                          FROM payment_line_item li JOIN payment p ON p.id = li.payment_id
                        """)
                .map((rs, ctx) -> new Object[] {
                    rs.getString("agency_id"), rs.getLong("amount"), rs.getString("status"), rs.getLong("refunded")
                })
                .list());
        for (var row : rows) {
            if (row[2].equals("CAPTURED")) {
                captured.merge((String) row[0], (Long) row[1], Long::sum);
                refunded.merge((String) row[0], (Long) row[3], Long::sum);
            } else {
                assertThat((Long) row[3])
                        .as("only captured payments are refunded")
                        .isZero();
            }
        }
        var balances = fixture.database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT account, sum(amount) FROM ledger_entry GROUP BY account")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list());
        var unbalanced = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM (SELECT transaction_id FROM ledger_entry
                                               GROUP BY transaction_id HAVING sum(amount) <> 0) t
                        """).mapTo(Long.class).one());
        assertThat(unbalanced).as("every ledger transaction sums to zero").isZero();
        long total = 0;
        for (var balance : balances) {
            total += balance.getValue();
            if (balance.getKey().startsWith("agency:")) {
                var agency = balance.getKey().split(":")[1];
                assertThat(-balance.getValue())
                        .as("agency %s's revenue is its captured less refunded line items", agency)
                        .isEqualTo(captured.getOrDefault(agency, 0L) - refunded.getOrDefault(agency, 0L));
            }
        }
        assertThat(total).isZero();

        var day = clock.instant().atZone(ZoneId.of("Asia/Dubai")).toLocalDate();
        for (var agency : List.of(fixture.rta, fixture.mohre, fixture.dof)) {
            try (var client = fixture.client(agency)) {
                var report = client.settlementReport(day);
                for (SettlementRow row : report.rows()) {
                    assertThat(row.captured()).isEqualTo(captured.getOrDefault(row.agencyId(), 0L));
                    assertThat(row.refunded()).isEqualTo(refunded.getOrDefault(row.agencyId(), 0L));
                    assertThat(row.net()).isEqualTo(row.captured() - row.refunded());
                }
                assertThat(report.net()).isEqualTo(report.captured() - report.refunded());
                assertThat(client.settlementReportCsv(day))
                        .startsWith("agency_id,date,currency,captured,refunded,net,count,payment_ids\r\n");
            }
        }
    }
}
