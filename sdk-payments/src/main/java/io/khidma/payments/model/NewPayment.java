package io.khidma.payments.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A payment to create: a basket of fees, possibly of several agencies.
 *
 * <pre>{@code
 * var payment = NewPayment.of("RTA-2026-000123", URI.create("https://portal.rta.example/done"),
 *                 LineItemRequest.of(renewalServiceId, "RENEW"), LineItemRequest.of(testServiceId, "KNOWLEDGE"))
 *         .withChannel(PaymentChannel.KIOSK)
 *         .withLanguage("en");
 * }</pre>
 *
 * @param lineItems 1 to 50 fees
 * @param reference the service's own reference, 1-64 characters
 * @param description shown to the citizen
 * @param channel where the citizen pays; {@code WEB} when absent
 * @param returnUrl where the payment page sends the citizen when done ({@code http} or {@code https})
 * @param language of the payment page, {@code ar} (the default) or {@code en}
 * @param citizen only for an agency client paying for a citizen at a counter: the citizen's subject
 * @param delayedCapture authorise only, and capture later with {@code POST /payments/{id}/capture}
 */
public record NewPayment(
        List<LineItemRequest> lineItems,
        String reference,
        String description,
        PaymentChannel channel,
        URI returnUrl,
        String language,
        String citizen,
        Boolean delayedCapture) {

    public NewPayment {
        Objects.requireNonNull(lineItems, "line_items");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(returnUrl, "return_url");
        lineItems = List.copyOf(lineItems);
        if (lineItems.isEmpty() || lineItems.size() > 50) {
            throw new IllegalArgumentException("line_items must hold 1 to 50 fees");
        }
        if (reference.isBlank() || reference.length() > 64) {
            throw new IllegalArgumentException("reference must be 1-64 characters");
        }
        if (description != null && description.length() > 255) {
            throw new IllegalArgumentException("description must be at most 255 characters");
        }
        var scheme = returnUrl.getScheme();
        if (!returnUrl.isAbsolute()
                || !("https".equals(scheme) || "http".equals(scheme))
                || returnUrl.getHost() == null
                || returnUrl.toString().length() > 2000) {
            throw new IllegalArgumentException("return_url must be an absolute http(s) URL of at most 2000 characters");
        }
        channel = channel == null ? PaymentChannel.WEB : channel;
        language = language == null ? "ar" : language;
        if (!language.equals("ar") && !language.equals("en")) {
            throw new IllegalArgumentException("language must be ar or en");
        }
        if (citizen != null && (citizen.isBlank() || citizen.length() > 128)) {
            throw new IllegalArgumentException("citizen must be 1-128 characters");
        }
        delayedCapture = delayedCapture != null && delayedCapture;
    }

    public static NewPayment of(String reference, URI returnUrl, LineItemRequest... lineItems) {
        return new NewPayment(List.of(lineItems), reference, null, null, returnUrl, null, null, null);
    }

    public NewPayment withDescription(String newDescription) {
        return new NewPayment(
                lineItems, reference, newDescription, channel, returnUrl, language, citizen, delayedCapture);
    }

    public NewPayment withChannel(PaymentChannel newChannel) {
        return new NewPayment(
                lineItems, reference, description, newChannel, returnUrl, language, citizen, delayedCapture);
    }

    public NewPayment withLanguage(String newLanguage) {
        return new NewPayment(
                lineItems, reference, description, channel, returnUrl, newLanguage, citizen, delayedCapture);
    }

    /** For an agency client at a counter: the citizen this payment is for. */
    public NewPayment forCitizen(String newCitizen) {
        return new NewPayment(
                lineItems, reference, description, channel, returnUrl, language, newCitizen, delayedCapture);
    }

    public NewPayment withDelayedCapture(boolean delayed) {
        return new NewPayment(lineItems, reference, description, channel, returnUrl, language, citizen, delayed);
    }
}
