package io.khidma.core.events;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies webhook deliveries signed per Standard Webhooks, on the receiving agency's side. Needs
 * nothing else of the SDK: give it the endpoint's secret(s), the request headers and the raw body.
 *
 * <pre>{@code
 * var verifier = WebhookVerifier.of(WebhookSecret.parse(System.getenv("KHIDMA_WEBHOOK_SECRET")));
 * WebhookMessage message = verifier.verify(request.headers(), request.bodyBytes());   // or throws
 * if (alreadyProcessed(message.id())) return;                                        // at-least-once delivery
 * }</pre>
 *
 * <p>Signatures are compared in constant time; the timestamp must lie within the tolerance
 * (default 5 minutes) either side of now, which bounds replays. Thread-safe.
 */
public final class WebhookVerifier {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<WebhookSecret> secretList;
    private final List<WebhookSignatures> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        this.secretList = List.copyOf(secrets);
        this.secrets = secrets.stream().map(WebhookSignatures::new).toList();
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier for one secret, or for two while the sender rotates (either may sign). */
    public static WebhookVerifier of(WebhookSecret... secrets) {
        return new WebhookVerifier(List.of(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** A copy accepting timestamps this far from now; 5 minutes by default. */
    public WebhookVerifier withTolerance(Duration newTolerance) {
        return new WebhookVerifier(secretList, newTolerance, clock);
    }

    WebhookVerifier withClock(Clock newClock) {
        return new WebhookVerifier(secretList, tolerance, newClock);
    }

    /**
     * @param headers the request headers; names are matched case-insensitively
     * @param body the raw request body, before any JSON parsing
     * @throws InvalidWebhookException when the delivery must be refused
     */
    public WebhookMessage verify(Map<String, ? extends List<String>> headers, byte[] body) {
        var id = header(headers, ID_HEADER);
        var timestampText = header(headers, TIMESTAMP_HEADER);
        var signatures = header(headers, SIGNATURE_HEADER);
        long seconds;
        try {
            seconds = Long.parseLong(timestampText);
        } catch (NumberFormatException e) {
            throw new InvalidWebhookException("webhook-timestamp is not a number of seconds");
        }
        var timestamp = Instant.ofEpochSecond(seconds);
        var now = clock.instant();
        if (timestamp.isBefore(now.minus(tolerance)) || timestamp.isAfter(now.plus(tolerance))) {
            throw new InvalidWebhookException("webhook-timestamp is outside the " + tolerance.toSeconds()
                    + " s tolerance: a replay, or clocks apart");
        }
        var offered = new ArrayList<byte[]>();
        for (var part : signatures.trim().split(" ")) {
            if (part.startsWith("v1,")) {
                try {
                    offered.add(Base64.getDecoder().decode(part.substring(3)));
                } catch (IllegalArgumentException ignoredMalformed) {
                    // A malformed signature simply does not match; another one may.
                    offered.add(new byte[0]);
                }
            }
        }
        for (var secret : secrets) {
            var expected = secret.sign(id, seconds, body);
            for (var signature : offered) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return new WebhookMessage(id, timestamp, body);
                }
            }
        }
        throw new InvalidWebhookException("no webhook-signature matches the body with this endpoint's secret");
    }

    private static String header(Map<String, ? extends List<String>> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null
                    && entry.getKey().toLowerCase(Locale.ROOT).equals(name)
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        throw new InvalidWebhookException("the delivery has no " + name + " header");
    }
}
