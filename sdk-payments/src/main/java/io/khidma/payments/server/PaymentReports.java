package io.khidma.payments.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Text;
import io.khidma.payments.model.LineItem;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.Receipt;
import io.khidma.payments.model.ReceiptAgency;
import io.khidma.payments.model.SettlementReport;
import io.khidma.payments.model.SettlementRow;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Receipts of captured payments and settlement reports read from the ledger. */
final class PaymentReports {

    static final Text RECEIPT_TITLE = new Text("إيصال دفع", "Payment receipt");

    private final Jdbi jdbi;
    private final PaymentStore store;
    private final PaymentService payments;
    private final PaymentsOptions options;

    PaymentReports(Jdbi jdbi, PaymentStore store, PaymentService payments, PaymentsOptions options) {
        this.jdbi = jdbi;
        this.store = store;
        this.payments = payments;
        this.options = options;
    }

    Receipt receipt(KhidmaPrincipal caller, UUID id, URI base) {
        var payment = payments.get(caller, id, base);
        if (payment.status() != PaymentStatus.CAPTURED) {
            throw ProblemException.of(
                    ProblemType.CONFLICT,
                    "A receipt exists once a payment is captured; this one is " + payment.status());
        }
        var capturedAt = jdbi.withHandle(h -> store.events(h, id)).stream()
                .filter(e -> e.status() == PaymentStatus.CAPTURED)
                .findFirst()
                .orElseThrow()
                .at();
        var agencies = payment.lineItemsByAgency().entrySet().stream()
                .map(e -> new ReceiptAgency(
                        e.getKey(),
                        e.getValue().get(0).agencyName(),
                        e.getValue(),
                        e.getValue().stream().mapToLong(LineItem::amount).sum()))
                .toList();
        return new Receipt(
                payment.id(),
                receiptNumber(
                        payment, capturedAt.atZone(options.settlementZone()).toLocalDate()),
                capturedAt,
                payment.amount(),
                payment.currency(),
                payment.reference(),
                agencies,
                payment.refundedAmount(),
                payment.card(),
                RECEIPT_TITLE);
    }

    private static String receiptNumber(Payment payment, LocalDate day) {
        return "KH-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + payment.id().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    SettlementReport settlement(KhidmaPrincipal caller, LocalDate date, String agency) {
        if (date == null) {
            throw PaymentService.invalid("date", "is required (YYYY-MM-DD)");
        }
        var own = PaymentService.requireAgency(caller, PaymentService.READ_SCOPE);
        if (agency != null && !agency.equals(own)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "An agency sees only its own settlement");
        }
        var zone = options.settlementZone();
        var from = date.atStartOfDay(zone).toInstant();
        var to = date.plusDays(1).atStartOfDay(zone).toInstant();
        var rows = jdbi.withHandle(h -> store.settlements(h, from, to, own)).stream()
                .map(s -> new SettlementRow(
                        s.agencyId(),
                        date,
                        s.captured(),
                        s.refunded(),
                        s.captured() - s.refunded(),
                        s.count(),
                        s.paymentIds()))
                .toList();
        long captured = rows.stream().mapToLong(SettlementRow::captured).sum();
        long refunded = rows.stream().mapToLong(SettlementRow::refunded).sum();
        return new SettlementReport(date, "AED", zone.getId(), rows, captured, refunded, captured - refunded);
    }

    /** The report as CSV: a header, one line per agency, amounts in minor units, payment ids space-separated. */
    static String csv(SettlementReport report) {
        var csv = new StringBuilder("agency_id,date,currency,captured,refunded,net,count,payment_ids\r\n");
        for (var row : report.rows()) {
            csv.append(csvCell(row.agencyId()))
                    .append(',')
                    .append(row.date())
                    .append(',')
                    .append(report.currency())
                    .append(',')
                    .append(row.captured())
                    .append(',')
                    .append(row.refunded())
                    .append(',')
                    .append(row.net())
                    .append(',')
                    .append(row.count())
                    .append(',')
                    .append(row.paymentIds().stream().map(UUID::toString).collect(Collectors.joining(" ")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** Agency ids are plain, but a cell is quoted and formula-neutralised whatever it holds. */
    private static String csvCell(String value) {
        var safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    static String filename(SettlementReport report) {
        return "settlement-" + report.date() + ".csv";
    }
}
