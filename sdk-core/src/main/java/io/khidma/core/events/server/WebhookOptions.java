package io.khidma.core.events.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Webhook delivery. A failed attempt is retried after {@code initialBackoff}, doubling each time up
 * to {@code maxBackoff}, with jitter, until the event is {@code retryFor} old: by default 30 s,
 * 1 min, 2 min ... 2 h, for a day, about 20 attempts. Immutable; start from {@link #defaults()}.
 *
 * @param pollInterval how often the outbox is read; 1 second
 * @param requestTimeout how long an endpoint may take to answer; 10 seconds
 * @param allowPlainHttp whether endpoints may be {@code http://} (development only); otherwise https
 * @param allowPrivateAddresses whether endpoints may be loopback, private or other internal
 *     addresses (development only); otherwise they must be public, see {@link WebhookTargets}
 * @param secretKeys the keys that encrypt endpoints' signing secrets at rest; {@code null} reads
 *     them from {@value WebhookKeys#ENVIRONMENT_VARIABLE} when the feature is made
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

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
