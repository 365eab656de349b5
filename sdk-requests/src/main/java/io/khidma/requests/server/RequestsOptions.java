package io.khidma.requests.server;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the service requests server. Immutable; start from {@link #defaults()}.
 *
 * @param defaultSla the service level of a service that states no processing time; 30 days
 * @param numberZone the time zone whose year request numbers carry, in which consultants' working
 *     hours are read and KPI days counted; Asia/Dubai
 * @param reconcileInterval how often requests awaiting payment are checked against their payment,
 *     for changes the in-process notice missed (a restart between the payment and the notice); 30 s
 * @param documentKeys the keys that sign issued documents; from {@value
 *     DocumentKeys#ENVIRONMENT_VARIABLE}, or generated for the process when it is not set
 */
public record RequestsOptions(
        Duration defaultSla, ZoneId numberZone, Duration reconcileInterval, DocumentKeys documentKeys) {

    public RequestsOptions {
        positive(defaultSla, "defaultSla");
        positive(reconcileInterval, "reconcileInterval");
        Objects.requireNonNull(numberZone, "numberZone");
        Objects.requireNonNull(documentKeys, "documentKeys");
    }

    public static RequestsOptions defaults() {
        return new RequestsOptions(
                Duration.ofDays(30), ZoneId.of("Asia/Dubai"), Duration.ofSeconds(30), DocumentKeys.fromEnvironment());
    }

    public RequestsOptions withDefaultSla(Duration sla) {
        return new RequestsOptions(sla, numberZone, reconcileInterval, documentKeys);
    }

    public RequestsOptions withReconcileInterval(Duration interval) {
        return new RequestsOptions(defaultSla, numberZone, interval, documentKeys);
    }

    public RequestsOptions withDocumentKeys(DocumentKeys keys) {
        return new RequestsOptions(defaultSla, numberZone, reconcileInterval, keys);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
