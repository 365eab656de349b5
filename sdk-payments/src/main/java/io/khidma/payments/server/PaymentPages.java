package io.khidma.payments.server;

import static io.khidma.core.text.Html.escape;

import io.khidma.core.text.Text;
import io.khidma.payments.model.LineItem;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.Receipt;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML citizens see: the hosted payment page and the receipt, in Arabic (right to left) or
 * English. Everything that comes from data is escaped; there are no scripts and no external assets.
 */
final class PaymentPages {

    /** A message shown above the form. */
    enum Message {
        DECLINED("رُفضت البطاقة. لم يُخصم أي مبلغ.", "Your card was declined. Nothing was charged."),
        INSUFFICIENT_FUNDS("رصيد البطاقة غير كافٍ. لم يُخصم أي مبلغ.", "Insufficient funds. Nothing was charged."),
        INVALID_CARD(
                "تحقق من رقم البطاقة وتاريخ الانتهاء ورمز الأمان.",
                "Check the card number, expiry date and security code."),
        EXPIRED_CARD("انتهت صلاحية هذه البطاقة.", "This card has expired."),
        TRY_LATER(
                "خدمة الدفع غير متاحة مؤقتاً. حاول مرة أخرى بعد قليل.",
                "Payments are unavailable for a moment. Please try again shortly."),
        ERROR("تعذر إتمام الدفع ولم يُخصم أي مبلغ.", "The payment could not be completed and nothing was charged."),
        CAPTURED("تم الدفع بنجاح.", "Payment successful."),
        EXPIRED("انتهت مهلة هذه الدفعة.", "This payment has expired."),
        CANCELLED("أُلغيت هذه الدفعة.", "This payment was cancelled."),
        ABANDONED("تركت هذه الدفعة.", "You left this payment.");

        final Text text;

        Message(String ar, String en) {
            this.text = new Text(ar, en);
        }
    }

    private static final Map<String, Text> LABELS = Map.ofEntries(
            Map.entry("title", new Text("دفع الرسوم الحكومية", "Pay government fees")),
            Map.entry("reference", new Text("المرجع", "Reference")),
            Map.entry("service", new Text("الخدمة", "Service")),
            Map.entry("quantity", new Text("العدد", "Qty")),
            Map.entry("amount", new Text("المبلغ", "Amount")),
            Map.entry("subtotal", new Text("المجموع الفرعي", "Subtotal")),
            Map.entry("total", new Text("الإجمالي", "Total")),
            Map.entry("card", new Text("رقم البطاقة", "Card number")),
            Map.entry("expiry", new Text("تاريخ الانتهاء (شهر/سنة)", "Expiry (MM/YY)")),
            Map.entry("cvc", new Text("رمز الأمان", "Security code")),
            Map.entry("holder", new Text("اسم حامل البطاقة", "Name on card")),
            Map.entry("pay", new Text("ادفع", "Pay")),
            Map.entry("abandon", new Text("إلغاء والعودة", "Cancel and go back")),
            Map.entry("back", new Text("العودة إلى الخدمة", "Return to the service")),
            Map.entry("other", new Text("English", "العربية")),
            Map.entry("receipt", new Text("إيصال دفع", "Payment receipt")),
            Map.entry("number", new Text("رقم الإيصال", "Receipt number")),
            Map.entry("paid", new Text("تاريخ الدفع", "Paid on")),
            Map.entry("paidWith", new Text("وسيلة الدفع", "Paid with")),
            Map.entry("refunded", new Text("المبلغ المسترد", "Refunded")),
            Map.entry("currency", new Text("درهم", "AED")));

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Tahoma,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
            main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:.5rem}
            h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
            table{width:100%;border-collapse:collapse}td,th{padding:.35rem;border-bottom:1px solid #e3e3e8;text-align:start}
            .num{text-align:end;white-space:nowrap;direction:ltr;unicode-bidi:isolate}
            .total{font-size:1.2rem;font-weight:700;margin:1rem 0}
            .message{padding:.75rem;border-radius:.35rem;background:#fdecea;color:#611a15;margin:1rem 0}
            .message.ok{background:#e6f4ea;color:#0d5323}
            label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
            .ltr{direction:ltr}.actions{display:flex;gap:.75rem;margin-top:1.25rem}
            button{padding:.6rem 1.2rem;font-size:1rem;border-radius:.35rem;border:1px solid #0b5cad;background:#0b5cad;color:#fff}
            button.secondary{background:#fff;color:#0b5cad}.lang{float:inline-end}
            """;

    private final ZoneId zone;

    PaymentPages(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The payment page. The form is shown while the citizen can pay; otherwise the outcome and the
     * way back to the service.
     */
    String paymentPage(Payment payment, String token, String csrf, String language, Message message) {
        var html = new StringBuilder();
        open(html, language, label("title", language));
        html.append("<a class=\"lang\" href=\"/pay/")
                .append(payment.id())
                .append("?token=")
                .append(escape(token))
                .append("&amp;lang=")
                .append(language.equals("ar") ? "en" : "ar")
                .append("\" hreflang=\"")
                .append(language.equals("ar") ? "en" : "ar")
                .append("\">")
                .append(label("other", language))
                .append("</a>");
        html.append("<h1>").append(label("title", language)).append("</h1>");
        html.append("<p>")
                .append(label("reference", language))
                .append(": <span class=\"num\">")
                .append(escape(payment.reference()))
                .append("</span></p>");
        if (payment.description() != null) {
            html.append("<p>").append(escape(payment.description())).append("</p>");
        }
        lineItems(html, payment, language);
        html.append("<p class=\"total\">")
                .append(label("total", language))
                .append(": ")
                .append(money(payment.amount(), language))
                .append("</p>");
        if (message != null) {
            html.append("<p class=\"message")
                    .append(message == Message.CAPTURED ? " ok" : "")
                    .append("\" role=\"alert\">")
                    .append(escape(message.text.in(Locale.forLanguageTag(language))))
                    .append("</p>");
        }
        boolean payable = payment.status() == PaymentStatus.CREATED || payment.status() == PaymentStatus.STARTED;
        if (payable) {
            form(html, payment, token, csrf, language);
        } else {
            html.append("<p><a href=\"")
                    .append(escape(payment.returnUrl().toString()))
                    .append("\">")
                    .append(label("back", language))
                    .append("</a></p>");
        }
        close(html);
        return html.toString();
    }

    private static void form(StringBuilder html, Payment payment, String token, String csrf, String language) {
        html.append("<form method=\"post\" action=\"/pay/").append(payment.id()).append("\" autocomplete=\"on\">");
        hidden(html, "token", token);
        hidden(html, "csrf", csrf);
        hidden(html, "lang", language);
        field(html, "card_number", label("card", language), "cc-number", "numeric", 23, true);
        field(html, "expiry", label("expiry", language), "cc-exp", "numeric", 7, true);
        field(html, "cvc", label("cvc", language), "cc-csc", "numeric", 4, true);
        field(html, "cardholder", label("holder", language), "cc-name", "text", 100, false);
        html.append("<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"pay\">")
                .append(label("pay", language))
                .append(' ')
                .append(money(payment.amount(), language))
                .append(
                        "</button><button type=\"submit\" class=\"secondary\" name=\"action\" value=\"abandon\" formnovalidate>")
                .append(label("abandon", language))
                .append("</button></div></form>");
    }

    String receiptPage(Receipt receipt, String language) {
        var html = new StringBuilder();
        open(html, language, label("receipt", language));
        html.append("<h1>").append(label("receipt", language)).append("</h1>");
        html.append("<p>")
                .append(label("number", language))
                .append(": <span class=\"num\">")
                .append(escape(receipt.receiptNumber()))
                .append("</span></p><p>")
                .append(label("reference", language))
                .append(": <span class=\"num\">")
                .append(escape(receipt.reference()))
                .append("</span></p><p>")
                .append(label("paid", language))
                .append(": <span class=\"num\">")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .format(receipt.capturedAt().atZone(zone)))
                .append("</span></p>");
        if (receipt.card() != null) {
            html.append("<p>")
                    .append(label("paidWith", language))
                    .append(": <span class=\"num\">")
                    .append(escape(receipt.card().brand()))
                    .append(" •••• ")
                    .append(escape(receipt.card().last4()))
                    .append("</span></p>");
        }
        for (var agency : receipt.agencies()) {
            html.append("<h2>")
                    .append(escape(text(agency.agencyName(), agency.agencyId(), language)))
                    .append("</h2>");
            table(html, agency.lineItems(), language);
            html.append("<p>")
                    .append(label("subtotal", language))
                    .append(": ")
                    .append(money(agency.subtotal(), language))
                    .append("</p>");
        }
        html.append("<p class=\"total\">")
                .append(label("total", language))
                .append(": ")
                .append(money(receipt.total(), language))
                .append("</p>");
        if (receipt.refundedAmount() > 0) {
            html.append("<p>")
                    .append(label("refunded", language))
                    .append(": ")
                    .append(money(receipt.refundedAmount(), language))
                    .append("</p>");
        }
        close(html);
        return html.toString();
    }

    private static void lineItems(StringBuilder html, Payment payment, String language) {
        for (var entry : payment.lineItemsByAgency().entrySet()) {
            var first = entry.getValue().get(0);
            html.append("<h2>")
                    .append(escape(text(first.agencyName(), first.agencyId(), language)))
                    .append("</h2>");
            table(html, entry.getValue(), language);
        }
    }

    private static void table(StringBuilder html, List<LineItem> items, String language) {
        html.append("<table><thead><tr><th>")
                .append(label("service", language))
                .append("</th><th class=\"num\">")
                .append(label("quantity", language))
                .append("</th><th class=\"num\">")
                .append(label("amount", language))
                .append("</th></tr></thead><tbody>");
        for (var item : items) {
            html.append("<tr><td>")
                    .append(escape(text(item.description(), item.serviceCode() + " " + item.feeCode(), language)))
                    .append("</td><td class=\"num\">")
                    .append(item.quantity())
                    .append("</td><td class=\"num\">")
                    .append(money(item.amount(), language))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void open(StringBuilder html, String language, String title) {
        html.append("<!doctype html><html lang=\"")
                .append(language)
                .append("\" dir=\"")
                .append(language.equals("ar") ? "rtl" : "ltr")
                .append(
                        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\"><title>")
                .append(title)
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body><main>");
    }

    private static void close(StringBuilder html) {
        html.append("</main></body></html>");
    }

    private static void hidden(StringBuilder html, String name, String value) {
        html.append("<input type=\"hidden\" name=\"")
                .append(name)
                .append("\" value=\"")
                .append(escape(value))
                .append("\">");
    }

    private static void field(
            StringBuilder html,
            String name,
            String label,
            String autocomplete,
            String inputMode,
            int max,
            boolean required) {
        html.append("<label for=\"")
                .append(name)
                .append("\">")
                .append(label)
                .append("</label><input id=\"")
                .append(name)
                .append("\" name=\"")
                .append(name)
                .append("\" autocomplete=\"")
                .append(autocomplete)
                .append("\" inputmode=\"")
                .append(inputMode)
                .append("\" maxlength=\"")
                .append(max)
                .append('"')
                .append(inputMode.equals("numeric") ? " class=\"ltr\" dir=\"ltr\"" : "")
                .append(required ? " required" : "")
                .append('>');
    }

    private static String label(String key, String language) {
        return LABELS.get(key).in(Locale.forLanguageTag(language));
    }

    private static String text(Text text, String fallback, String language) {
        if (text == null) {
            return fallback;
        }
        var value = text.in(Locale.forLanguageTag(language));
        return value == null ? fallback : value;
    }

    /** {@code 420.00 AED} or {@code 420.00 درهم}, from fils. */
    static String money(long minor, String language) {
        return "<span class=\"num\">" + String.format(Locale.ROOT, "%d.%02d", minor / 100, minor % 100) + " "
                + label("currency", language) + "</span>";
    }
}
