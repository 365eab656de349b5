package io.khidma.core.events;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs webhook deliveries per Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}
 * and {@code webhook-signature: v1,<base64>} with one signature per active secret, so receivers
 * keep verifying while a secret is rotated.
 */
public final class WebhookSigner {

    static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final List<WebhookSignatures> secrets;

    /** @param secrets the endpoint's active secrets, newest first; during a rotation, two */
    public WebhookSigner(List<WebhookSecret> secrets) {
        if (Objects.requireNonNull(secrets, "secrets").isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        this.secrets = secrets.stream().map(WebhookSignatures::new).toList();
    }

    /** The three headers to send with {@code body}. */
    public Map<String, String> headers(String messageId, Instant timestamp, byte[] body) {
        if (!MESSAGE_ID.matcher(Objects.requireNonNull(messageId, "messageId")).matches()) {
            throw new IllegalArgumentException("a message id is 1-128 of letters, digits and _ . : -");
        }
        long seconds = timestamp.getEpochSecond();
        var signature = secrets.stream()
                .map(s -> "v1," + Base64.getEncoder().encodeToString(s.sign(messageId, seconds, body)))
                .collect(Collectors.joining(" "));
        return Map.of(
                WebhookVerifier.ID_HEADER, messageId,
                WebhookVerifier.TIMESTAMP_HEADER, Long.toString(seconds),
                WebhookVerifier.SIGNATURE_HEADER, signature);
    }
}
