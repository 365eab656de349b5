package io.khidma.examples.payments;

import static io.khidma.examples.Examples.money;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.examples.Examples;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.Receipt;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * User story: an agency takes a payment for its fees, through unified payments.
 *
 * <p>The agency's backend creates one payment for the fees of the services the citizen asked for
 * (the amounts come from the catalogue, never from the browser), sends the citizen to the hosted
 * payment page at {@link Payment#nextUrl()}, and when the citizen is back at the return URL reads
 * the payment's status and its bilingual receipt. An idempotency key makes a retried create safe:
 * the same key never makes a second payment.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.payments.TakeAPayment [sandbox-url]
 * </pre>
 *
 * Prints the payment page's URL; pay there with the test card 4242 4242 4242 4242 and the example
 * prints the outcome and the receipt. In a web application the return URL's handler does what
 * {@link #awaitOutcome} does, once, without waiting.
 */
public final class TakeAPayment {

    private TakeAPayment() {}

    /** Creates a payment of the vehicle registration renewal's fees, as the roads authority's portal would. */
    public static Payment create(CatalogueClient catalogue, PaymentsClient payments, String orderNumber) {
        PublicService renewal =
                catalogue
                        .search(ServiceSearch.text("vehicle registration renewal")
                                .withAgency("rta"))
                        .stream()
                        .filter(service -> service.code().equals("RTA-VEH-RENEW"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("the catalogue has no RTA-VEH-RENEW"));
        var payment = NewPayment.of(
                        orderNumber,
                        URI.create("http://127.0.0.1:3000/paid"),
                        LineItemRequest.of(renewal.id(), "RENEW"),
                        LineItemRequest.of(renewal.id(), "KNOWLEDGE"))
                .withDescription("Vehicle registration renewal");
        // The order number is the idempotency key: retrying after a timeout returns the same payment.
        return payments.create(payment, "order-" + orderNumber);
    }

    /** Reads the payment until it is final (captured, declined, abandoned ...) or the time is up. */
    public static Payment awaitOutcome(PaymentsClient payments, UUID id, Duration timeout) throws InterruptedException {
        var deadline = Instant.now().plus(timeout);
        var payment = payments.get(id);
        while (!payment.status().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            payment = payments.get(id);
        }
        return payment;
    }

    public static void main(String[] args) throws InterruptedException {
        var sandbox = Examples.sandbox(args);
        try (var tokens = Examples.agencyTokens(sandbox, "rta-portal");
                var catalogue = CatalogueClient.builder().endpoint(sandbox).build();
                var payments = PaymentsClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            var orderNumber =
                    "ORDER-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
            var payment = create(catalogue, payments, orderNumber);
            System.out.printf(
                    "Payment %s for %s: pay at%n  %s%n", payment.id(), money(payment.amount()), payment.nextUrl());
            var outcome = awaitOutcome(payments, payment.id(), Duration.ofMinutes(10));
            System.out.println("Status: " + outcome.status());
            if (outcome.status() == PaymentStatus.CAPTURED) {
                Receipt receipt = payments.receipt(outcome.id());
                System.out.printf("Receipt %s, %s%n", receipt.receiptNumber(), money(receipt.total()));
                receipt.agencies()
                        .forEach(agency -> System.out.printf(
                                "  %s / %s  %s%n",
                                agency.agencyName().ar(), agency.agencyName().en(), money(agency.subtotal())));
            }
        }
    }
}
