package io.khidma.payments.server;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the payments server. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param expiry how long a citizen has to complete a payment; 90 minutes
 * @param providerTimeout the deadline of every payment provider call; 10 seconds
 * @param settlementZone the time zone whose days settlement reports count; Asia/Dubai
 * @param publicUri the base URI citizens' browsers reach the server on, for {@code next_url};
 *     {@code null} uses the base URI of each request
 * @param sweepInterval how often payments past their expiry are expired; 30 seconds
 * @param webhooks webhook delivery settings
 */
public record PaymentsOptions(
        Duration expiry,
        Duration providerTimeout,
        ZoneId settlementZone,
        URI publicUri,
        Duration sweepInterval,
        WebhookOptions webhooks) {

    public PaymentsOptions {
        positive(expiry, "expiry");
        positive(providerTimeout, "providerTimeout");
        positive(sweepInterval, "sweepInterval");
        Objects.requireNonNull(settlementZone, "settlementZone");
        Objects.requireNonNull(webhooks, "webhooks");
    }

    public static PaymentsOptions defaults() {
        return new PaymentsOptions(
                Duration.ofMinutes(90),
                Duration.ofSeconds(10),
                ZoneId.of("Asia/Dubai"),
                null,
                Duration.ofSeconds(30),
                WebhookOptions.defaults());
    }

    public PaymentsOptions withExpiry(Duration newExpiry) {
        return new PaymentsOptions(newExpiry, providerTimeout, settlementZone, publicUri, sweepInterval, webhooks);
    }

    public PaymentsOptions withProviderTimeout(Duration timeout) {
        return new PaymentsOptions(expiry, timeout, settlementZone, publicUri, sweepInterval, webhooks);
    }

    public PaymentsOptions withSettlementZone(ZoneId zone) {
        return new PaymentsOptions(expiry, providerTimeout, zone, publicUri, sweepInterval, webhooks);
    }

    public PaymentsOptions withPublicUri(URI uri) {
        return new PaymentsOptions(expiry, providerTimeout, settlementZone, uri, sweepInterval, webhooks);
    }

    public PaymentsOptions withSweepInterval(Duration interval) {
        return new PaymentsOptions(expiry, providerTimeout, settlementZone, publicUri, interval, webhooks);
    }

    public PaymentsOptions withWebhooks(WebhookOptions newWebhooks) {
        return new PaymentsOptions(expiry, providerTimeout, settlementZone, publicUri, sweepInterval, newWebhooks);
    }

    /**
     * Webhook delivery. A failed attempt is retried after {@code initialBackoff}, doubling each time
     * up to {@code maxBackoff}, with jitter, until the event is {@code retryFor} old: by default
     * 30 s, 1 min, 2 min ... 2 h, for a day, about 20 attempts.
     *
     * @param pollInterval how often the outbox is read; 1 second
     * @param requestTimeout how long an endpoint may take to answer; 10 seconds
     * @param allowPlainHttp whether endpoints may be {@code http://} (development only); otherwise https
     * @param allowPrivateAddresses whether endpoints may be loopback, private or other internal
     *     addresses (development only); otherwise they must be public, see {@link WebhookTargets}
     * @param secretKeys the keys that encrypt endpoints' signing secrets at rest; {@code null} reads
     *     them from {@value WebhookKeys#ENVIRONMENT_VARIABLE} when the server starts
     */
    public record WebhookOptions(
            Duration pollInterval,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration retryFor,
            Duration requestTimeout,
            boolean allowPlainHttp,
            boolean allowPrivateAddresses,
            WebhookKeys secretKeys) {

        public WebhookOptions {
            positive(pollInterval, "pollInterval");
            positive(initialBackoff, "initialBackoff");
            positive(maxBackoff, "maxBackoff");
            positive(retryFor, "retryFor");
            positive(requestTimeout, "requestTimeout");
        }

        public static WebhookOptions defaults() {
            return new WebhookOptions(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    Duration.ofHours(2),
                    Duration.ofHours(24),
                    Duration.ofSeconds(10),
                    false,
                    false,
                    null);
        }

        public WebhookOptions withPollInterval(Duration interval) {
            return new WebhookOptions(
                    interval,
                    initialBackoff,
                    maxBackoff,
                    retryFor,
                    requestTimeout,
                    allowPlainHttp,
                    allowPrivateAddresses,
                    secretKeys);
        }

        public WebhookOptions withBackoff(Duration initial, Duration max) {
            return new WebhookOptions(
                    pollInterval,
                    initial,
                    max,
                    retryFor,
                    requestTimeout,
                    allowPlainHttp,
                    allowPrivateAddresses,
                    secretKeys);
        }

        public WebhookOptions withRetryFor(Duration duration) {
            return new WebhookOptions(
                    pollInterval,
                    initialBackoff,
                    maxBackoff,
                    duration,
                    requestTimeout,
                    allowPlainHttp,
                    allowPrivateAddresses,
                    secretKeys);
        }

        public WebhookOptions withRequestTimeout(Duration timeout) {
            return new WebhookOptions(
                    pollInterval,
                    initialBackoff,
                    maxBackoff,
                    retryFor,
                    timeout,
                    allowPlainHttp,
                    allowPrivateAddresses,
                    secretKeys);
        }

        public WebhookOptions withPlainHttpAllowed(boolean allowed) {
            return new WebhookOptions(
                    pollInterval,
                    initialBackoff,
                    maxBackoff,
                    retryFor,
                    requestTimeout,
                    allowed,
                    allowPrivateAddresses,
                    secretKeys);
        }

        public WebhookOptions withSecretKeys(WebhookKeys keys) {
            return new WebhookOptions(
                    pollInterval,
                    initialBackoff,
                    maxBackoff,
                    retryFor,
                    requestTimeout,
                    allowPlainHttp,
                    allowPrivateAddresses,
                    Objects.requireNonNull(keys, "keys"));
        }

        public WebhookOptions withPrivateAddressesAllowed(boolean allowed) {
            return new WebhookOptions(
                    pollInterval,
                    initialBackoff,
                    maxBackoff,
                    retryFor,
                    requestTimeout,
                    allowPlainHttp,
                    allowed,
                    secretKeys);
        }
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
