package io.khidma.payments.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.PaymentEventList;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.RefundList;
import io.khidma.payments.server.api.PaymentsApi;
import io.khidma.payments.server.api.RefundsApi;
import io.khidma.payments.server.api.ReportsApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * The payments API: implements the interfaces generated from {@code payments.yaml}. Thin: parse,
 * call the services, map to the response. The idempotency of every {@code POST} is the {@code
 * IdempotencyFeature}'s, which reads the same {@code Idempotency-Key} header before this runs.
 */
@Path("/")
public final class PaymentsResource implements PaymentsApi, RefundsApi, ReportsApi {

    static final MediaType CSV = new MediaType("text", "csv", "UTF-8");

    private final PaymentService payments;
    private final PaymentReports reports;
    private final PaymentPages pages;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    PaymentsResource(PaymentService payments, PaymentReports reports, PaymentPages pages) {
        this.payments = payments;
        this.reports = reports;
        this.pages = pages;
    }

    @Override
    public Response createPayment(NewPayment newPayment, String idempotencyKey) {
        var payment =
                payments.create(caller(), ProblemException.requireBody(newPayment), uri.getBaseUri(), idempotencyKey);
        return Response.created(self("payments", payment.id())).entity(payment).build();
    }

    @Override
    public Response listPayments(
            String agency,
            PaymentStatus status,
            OffsetDateTime from,
            OffsetDateTime to,
            String reference,
            Integer limit,
            String cursor) {
        return Response.ok(payments.list(
                        caller(),
                        agency,
                        status,
                        from == null ? null : from.toInstant(),
                        to == null ? null : to.toInstant(),
                        reference,
                        limit,
                        cursor,
                        uri.getBaseUri()))
                .build();
    }

    @Override
    public Response getPayment(UUID id) {
        return Response.ok(payments.get(caller(), id, uri.getBaseUri())).build();
    }

    @Override
    public Response listPaymentEvents(UUID id) {
        return Response.ok(new PaymentEventList(payments.events(caller(), id))).build();
    }

    @Override
    public Response capturePayment(UUID id, String idempotencyKey) {
        return Response.ok(payments.capture(caller(), id, uri.getBaseUri())).build();
    }

    @Override
    public Response cancelPayment(UUID id, String idempotencyKey) {
        return Response.ok(payments.cancel(caller(), id, uri.getBaseUri())).build();
    }

    @Override
    public Response createRefund(UUID id, NewRefund newRefund, String idempotencyKey) {
        var refund = payments.refund(caller(), id, ProblemException.requireBody(newRefund), idempotencyKey);
        var location = uri.getBaseUriBuilder()
                .path("payments")
                .path(id.toString())
                .path("refunds")
                .path(refund.id().toString())
                .build();
        return Response.created(location).entity(refund).build();
    }

    @Override
    public Response listRefunds(UUID id) {
        return Response.ok(new RefundList(payments.refunds(caller(), id))).build();
    }

    @Override
    public Response getRefund(UUID id, UUID refundId) {
        return payments.refunds(caller(), id).stream()
                .filter(refund -> refund.id().equals(refundId))
                .findFirst()
                .map(refund -> Response.ok(refund).build())
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No refund " + refundId));
    }

    @Override
    public Response getReceipt(UUID id) {
        var receipt = reports.receipt(caller(), id, uri.getBaseUri());
        if (prefers(MediaType.TEXT_HTML_TYPE)) {
            var language = headers.getAcceptableLanguages().stream()
                    .map(Locale::getLanguage)
                    .filter(l -> l.equals("ar") || l.equals("en"))
                    .findFirst()
                    .orElse("ar");
            return Response.ok(pages.receiptPage(receipt, language), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .build();
        }
        return Response.ok(receipt, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Override
    public Response getSettlementReport(LocalDate date, String agency) {
        var report = reports.settlement(caller(), date, agency);
        if (prefers(CSV)) {
            return Response.ok(PaymentReports.csv(report), CSV)
                    .header("Content-Disposition", "attachment; filename=\"" + PaymentReports.filename(report) + "\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }

    /** Whether the caller's most preferred acceptable type is {@code type} rather than JSON. */
    private boolean prefers(MediaType type) {
        for (var acceptable : headers.getAcceptableMediaTypes()) {
            if (acceptable.isWildcardType()) {
                return false;
            }
            if (acceptable.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (acceptable.isCompatible(type)) {
                return true;
            }
        }
        return false;
    }

    private URI self(String collection, UUID id) {
        return uri.getBaseUriBuilder().path(collection).path(id.toString()).build();
    }
}
