package io.khidma.requests.server;

import static io.khidma.core.text.Html.escape;

import io.khidma.requests.model.DocumentStatus;
import io.khidma.requests.model.IssuedDocument;
import io.nayuki.qrcodegen.QrCode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An issued document's receipt page: what it is, whether it is valid, its code, and a QR code of
 * its verification address, drawn as inline SVG (no script, no external asset, so the strict
 * Content-Security-Policy holds). Arabic right to left by default, or English.
 */
final class Receipts {

    /** Inline SVG and this page's own styles only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Dubai"));

    private Receipts() {}

    static String page(IssuedDocument document, Locale locale) {
        boolean ar = "ar".equals(locale.getLanguage());
        var status =
                switch (document.status()) {
                    case VALID -> ar ? "وثيقة صالحة" : "Valid document";
                    case REVOKED -> ar ? "وثيقة ملغاة" : "Revoked document";
                    case EXPIRED -> ar ? "وثيقة منتهية الصلاحية" : "Expired document";
                };
        var rows = new StringBuilder();
        row(rows, ar ? "رمز التحقق" : "Verification code", document.code());
        row(rows, ar ? "الوثيقة" : "Document", document.title().in(locale));
        row(rows, ar ? "الجهة المصدرة" : "Issued by", document.agencyId());
        row(rows, ar ? "صاحب الوثيقة" : "Holder", document.holderName());
        row(rows, ar ? "رقم الطلب" : "Request", document.requestNumber());
        row(rows, ar ? "تاريخ الإصدار" : "Issued on", DATE.format(document.issuedAt()));
        if (document.expiresAt() != null) {
            row(rows, ar ? "تاريخ الانتهاء" : "Expires on", DATE.format(document.expiresAt()));
        }
        if (document.status() == DocumentStatus.REVOKED) {
            row(rows, ar ? "سبب الإلغاء" : "Revoked because", document.revocationReason());
        }
        var colour = document.status() == DocumentStatus.VALID ? "#0b6b3a" : "#a4161a";
        return """
                <!DOCTYPE html>
                <html lang="%s" dir="%s">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s %s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
                h1{color:%s}th{text-align:start;padding:.3rem 1rem .3rem 0;font-weight:600}td{padding:.3rem 0}
                svg{width:12rem;height:12rem}</style></head>
                <body><main>
                <h1>%s</h1>
                <table><tbody>%s</tbody></table>
                <figure>%s<figcaption>%s <a href="%s">%s</a></figcaption></figure>
                </main></body></html>
                """.formatted(
                ar ? "ar" : "en",
                ar ? "rtl" : "ltr",
                escape(status),
                escape(document.code()),
                colour,
                escape(status),
                rows,
                qr(document.verificationUrl().toString(), ar ? "رمز الاستجابة السريعة للتحقق" : "QR code to verify"),
                ar ? "تحقق عبر" : "Verify at",
                escape(document.verificationUrl().toString()),
                escape(document.verificationUrl().toString()));
    }

    /** The QR code of a text as an SVG of one path, four modules of quiet zone around it. */
    static String qr(String text, String label) {
        var code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = code.size + 8;
        var path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + 4).append(',').append(y + 4).append("h1v1h-1z");
                }
            }
        }
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path d=\"%s\" fill=\"#000\"/></svg>")
                .formatted(size, size, escape(label), path);
    }

    private static void row(StringBuilder rows, String label, String value) {
        rows.append("<tr><th scope=\"row\">")
                .append(escape(label))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>");
    }
}
