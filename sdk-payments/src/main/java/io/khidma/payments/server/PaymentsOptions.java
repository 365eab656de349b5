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
 */
public record PaymentsOptions(
        Duration expiry, Duration providerTimeout, ZoneId settlementZone, URI publicUri, Duration sweepInterval) {

    public PaymentsOptions {
        positive(expiry, "expiry");
        positive(providerTimeout, "providerTimeout");
        positive(sweepInterval, "sweepInterval");
        Objects.requireNonNull(settlementZone, "settlementZone");
    }

    public static PaymentsOptions defaults() {
        return new PaymentsOptions(
                Duration.ofMinutes(90), Duration.ofSeconds(10), ZoneId.of("Asia/Dubai"), null, Duration.ofSeconds(30));
    }

    public PaymentsOptions withExpiry(Duration newExpiry) {
        return new PaymentsOptions(newExpiry, providerTimeout, settlementZone, publicUri, sweepInterval);
    }

    public PaymentsOptions withProviderTimeout(Duration timeout) {
        return new PaymentsOptions(expiry, timeout, settlementZone, publicUri, sweepInterval);
    }

    public PaymentsOptions withSettlementZone(ZoneId zone) {
        return new PaymentsOptions(expiry, providerTimeout, zone, publicUri, sweepInterval);
    }

    public PaymentsOptions withPublicUri(URI uri) {
        return new PaymentsOptions(expiry, providerTimeout, settlementZone, uri, sweepInterval);
    }

    public PaymentsOptions withSweepInterval(Duration interval) {
        return new PaymentsOptions(expiry, providerTimeout, settlementZone, publicUri, interval);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
