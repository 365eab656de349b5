package io.khidma.payments.server;

import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.CardDetails;
import io.khidma.payments.server.api.HostedPageApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * The hosted payment page ({@code next_url}). The page token in the URL names the payment; a
 * double-submit cookie guards the form against cross-site posts; the page sets its own
 * Content-Security-Policy, which lets the form's redirect reach the service's {@code return_url}
 * and nothing else. Card details go to the provider and are never stored or logged.
 */
@Path("/")
public final class PaymentPageResource implements HostedPageApi {

    static final String CSRF_COOKIE = "khidma_pay_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PaymentService payments;
    private final PaymentPages pages;
    private final Clock clock;

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    PaymentPageResource(PaymentService payments, PaymentPages pages, Clock clock) {
        this.payments = payments;
        this.pages = pages;
        this.clock = clock;
    }

    @Override
    public Response showPaymentPage(UUID id, String token, String lang) {
        var payment = payments.openPage(id, token);
        var message = payment.status() == PaymentStatus.STARTED ? null : outcome(payment, null);
        return page(payment, token, language(lang, payment), message);
    }

    @Override
    public Response submitPaymentPage(
            UUID id,
            String token,
            String csrf,
            String action,
            String lang,
            String cardNumber,
            String expiry,
            String cvc,
            String cardholder) {
        var cookie = headers.getCookies().get(CSRF_COOKIE);
        if (csrf == null
                || cookie == null
                || !MessageDigest.isEqual(
                        cookie.getValue().getBytes(StandardCharsets.US_ASCII),
                        csrf.getBytes(StandardCharsets.US_ASCII))) {
            throw ProblemException.of(
                    ProblemType.FORBIDDEN, "The form was not sent from the payment page; open it again");
        }
        if ("abandon".equals(action)) {
            var payment = payments.abandon(id, token);
            return done(payment);
        }
        if (!"pay".equals(action)) {
            throw PaymentService.invalid("action", "must be pay or abandon");
        }
        CardDetails card;
        try {
            card = card(cardNumber, expiry, cvc, cardholder);
        } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
            var payment = payments.openPage(id, token);
            return page(payment, token, language(lang, payment), PaymentPages.Message.INVALID_CARD);
        }
        if (card.expiry().isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            var payment = payments.openPage(id, token);
            return page(payment, token, language(lang, payment), PaymentPages.Message.EXPIRED_CARD);
        }
        var outcome = payments.pay(id, token, card);
        var payment = outcome.payment();
        if (payment.status() == PaymentStatus.CAPTURED || payment.status() == PaymentStatus.AUTHORISED) {
            return done(payment);
        }
        var message = outcome.retryLater() ? PaymentPages.Message.TRY_LATER : outcome(payment, outcome.declineCode());
        return page(payment, token, language(lang, payment), message);
    }

    private Response page(Payment payment, String token, String language, PaymentPages.Message message) {
        var csrf = csrfToken();
        var html = pages.paymentPage(payment, token, csrf, language, message);
        var secure = "https".equals(uri.getBaseUri().getScheme());
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(new NewCookie.Builder(CSRF_COOKIE)
                        .value(csrf)
                        .path("/pay/" + payment.id())
                        .httpOnly(true)
                        .secure(secure)
                        .sameSite(NewCookie.SameSite.STRICT)
                        .build())
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", contentSecurityPolicy(payment.returnUrl()))
                .build();
    }

    /** Off to the service's return URL; the browser follows with a GET. */
    private static Response done(Payment payment) {
        return Response.seeOther(payment.returnUrl())
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * Like the server's HTML policy, but {@code form-action} also names the return URL's origin:
     * browsers apply it to the redirect that follows the form.
     */
    static String contentSecurityPolicy(URI returnUrl) {
        var origin = returnUrl.getScheme() + "://" + returnUrl.getRawAuthority();
        return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' " + origin
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    private static PaymentPages.Message outcome(Payment payment, String declineCode) {
        return switch (payment.status()) {
            case CAPTURED, AUTHORISED -> PaymentPages.Message.CAPTURED;
            case DECLINED ->
                "insufficient_funds".equals(declineCode)
                        ? PaymentPages.Message.INSUFFICIENT_FUNDS
                        : PaymentPages.Message.DECLINED;
            case EXPIRED -> PaymentPages.Message.EXPIRED;
            case CANCELLED -> PaymentPages.Message.CANCELLED;
            case ABANDONED -> PaymentPages.Message.ABANDONED;
            case ERROR -> PaymentPages.Message.ERROR;
            case CREATED, STARTED -> null;
        };
    }

    private static CardDetails card(String number, String expiry, String cvc, String holder) {
        var digits = number == null ? "" : number.replaceAll("[\\s-]", "");
        var parts = expiry == null ? new String[0] : expiry.trim().split("\\s*/\\s*");
        if (parts.length != 2 || !parts[0].matches("\\d{1,2}") || !parts[1].matches("\\d{2}|\\d{4}")) {
            throw new IllegalArgumentException("expiry is MM/YY");
        }
        int year = Integer.parseInt(parts[1]);
        var month = YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(parts[0]));
        return new CardDetails(digits, month, cvc == null ? "" : cvc.trim(), holder);
    }

    private static String language(String asked, Payment payment) {
        return "ar".equals(asked) || "en".equals(asked) ? asked : payment.language();
    }

    private static String csrfToken() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
