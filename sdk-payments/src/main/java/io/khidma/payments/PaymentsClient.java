package io.khidma.payments;

import static io.khidma.core.http.ServiceConnection.query;

import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import io.khidma.core.problem.NotFoundException;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentEvent;
import io.khidma.payments.model.PaymentEventList;
import io.khidma.payments.model.PaymentPage;
import io.khidma.payments.model.Receipt;
import io.khidma.payments.model.Refund;
import io.khidma.payments.model.RefundList;
import io.khidma.payments.model.SettlementReport;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The unified payments API. Thread-safe; build one per endpoint and credentials.
 *
 * <pre>{@code
 * try (var payments = PaymentsClient.builder().endpoint(URI.create("https://api.example.gov.ae"))
 *         .credentials(rtaTokens).build()) {
 *     Payment payment = payments.create(NewPayment.of("RTA-2026-000123", returnUrl,
 *             LineItemRequest.of(renewalId, "RENEW"), LineItemRequest.of(knowledgeTestId, "KNOWLEDGE")));
 *     redirectCitizenTo(payment.nextUrl());
 * }
 * }</pre>
 *
 * <p>Every {@code POST} carries an {@code Idempotency-Key}, generated per call and reused by every
 * retry of it, so a retried create never makes a second payment; pass your own key to make a call
 * idempotent across restarts of your application too.
 */
public final class PaymentsClient implements AutoCloseable {

    private final ServiceConnection connection;

    private PaymentsClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates a payment; the server prices it from the catalogue. Send the citizen to {@link Payment#nextUrl()}. */
    public Payment create(NewPayment payment) {
        return send(ApiRequest.post(uri("payments")).json(Objects.requireNonNull(payment, "payment")))
                .body(Payment.class);
    }

    /** Creates a payment with the caller's own idempotency key, e.g. derived from its order number. */
    public Payment create(NewPayment payment, String idempotencyKey) {
        return send(ApiRequest.post(uri("payments"))
                        .json(Objects.requireNonNull(payment, "payment"))
                        .idempotencyKey(idempotencyKey))
                .body(Payment.class);
    }

    /** @throws NotFoundException when there is no such payment, or the caller may not see it */
    public Payment get(UUID id) {
        return send(ApiRequest.get(payment(id).build())).body(Payment.class);
    }

    public Optional<Payment> find(UUID id) {
        try {
            return Optional.of(get(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every payment the caller may see that matches, newest first, fetched page by page. */
    public PagedIterable<Payment> list(PaymentQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(cursor -> {
            var uri = connection.uri("payments");
            query(uri, "agency", query.agency());
            query(uri, "status", query.status() == null ? null : query.status().name());
            query(uri, "from", query.from() == null ? null : query.from().toString());
            query(uri, "to", query.to() == null ? null : query.to().toString());
            query(uri, "reference", query.reference());
            query(
                    uri,
                    "limit",
                    query.pageSize() == null ? null : query.pageSize().toString());
            query(uri, "cursor", cursor);
            var page = send(ApiRequest.get(uri.build())).body(PaymentPage.class);
            return new Page<>(page.items(), page.next());
        });
    }

    /** Every change of the payment, oldest first. */
    public List<PaymentEvent> events(UUID id) {
        return send(ApiRequest.get(payment(id).path("events").build()))
                .body(PaymentEventList.class)
                .items();
    }

    /** Captures a payment created with delayed capture once it is authorised. */
    public Payment capture(UUID id) {
        return send(ApiRequest.post(payment(id).path("capture").build())).body(Payment.class);
    }

    /** Cancels a payment the citizen has not completed, or an authorisation not yet captured. */
    public Payment cancel(UUID id) {
        return send(ApiRequest.post(payment(id).path("cancel").build())).body(Payment.class);
    }

    /**
     * Refunds part or all of a captured payment.
     *
     * @throws io.khidma.core.problem.ConflictException when {@link NewRefund#expectedRefundableAmount()}
     *     no longer holds, or the payment is not captured
     * @throws io.khidma.core.problem.ValidationException when it is more than is refundable
     */
    public Refund refund(UUID id, NewRefund refund) {
        return send(ApiRequest.post(payment(id).path("refunds").build()).json(Objects.requireNonNull(refund, "refund")))
                .body(Refund.class);
    }

    /** Refunds with the caller's own idempotency key. */
    public Refund refund(UUID id, NewRefund refund, String idempotencyKey) {
        return send(ApiRequest.post(payment(id).path("refunds").build())
                        .json(Objects.requireNonNull(refund, "refund"))
                        .idempotencyKey(idempotencyKey))
                .body(Refund.class);
    }

    public List<Refund> refunds(UUID id) {
        return send(ApiRequest.get(payment(id).path("refunds").build()))
                .body(RefundList.class)
                .items();
    }

    /** The bilingual receipt of a captured payment. */
    public Receipt receipt(UUID id) {
        return send(ApiRequest.get(payment(id).path("receipt").build())).body(Receipt.class);
    }

    /** The receipt as an HTML page, in {@code ar} or {@code en}. */
    public String receiptHtml(UUID id, String language) {
        return send(ApiRequest.get(payment(id).path("receipt").build())
                        .accept("text/html")
                        .header("Accept-Language", language))
                .bodyAsString();
    }

    /** Per agency, what was captured and refunded on {@code date}; an agency sees only its own. */
    public SettlementReport settlementReport(LocalDate date) {
        return send(ApiRequest.get(settlements(date))).body(SettlementReport.class);
    }

    /** The same report as CSV. */
    public String settlementReportCsv(LocalDate date) {
        return send(ApiRequest.get(settlements(date)).accept("text/csv")).bodyAsString();
    }

    @Override
    public void close() {
        connection.close();
    }

    private URI uri(String path) {
        return connection.uri(path).build();
    }

    private UriBuilder payment(UUID id) {
        return connection.uri("payments").path(Objects.requireNonNull(id, "id").toString());
    }

    private URI settlements(LocalDate date) {
        return connection
                .uri("reports/settlements")
                .queryParam("date", Objects.requireNonNull(date, "date").toString())
                .build();
    }

    private ApiResponse send(ApiRequest.Builder request) {
        return connection.send(request);
    }

    /** Builds a {@link PaymentsClient}: credentials of an agency client (scope {@code payments:write}) or a citizen. */
    public static final class Builder extends ServiceClientBuilder<Builder> {

        private Builder() {}

        public PaymentsClient build() {
            return new PaymentsClient(connection(Map.of()));
        }
    }
}
