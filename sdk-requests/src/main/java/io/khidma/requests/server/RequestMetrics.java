package io.khidma.requests.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The requests awaiting an agency as the database holds them, shared by every replica: {@code
 * khidma_requests_open{status, sla}}, where {@code sla} is {@code within} or {@code breached} (past
 * the service's processing time). Counted again by {@link #refresh()}, which the feature calls on
 * its sweeper; the count follows the open-inbox index.
 */
final class RequestMetrics {

    private final Jdbi jdbi;
    private final RequestStore store;
    private final Clock clock;
    private final MultiGauge open;

    RequestMetrics(Jdbi jdbi, RequestStore store, MeterRegistry registry, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.clock = clock;
        this.open = MultiGauge.builder("khidma.requests.open")
                .description("Requests awaiting an agency, by status and service level")
                .register(registry);
    }

    void refresh() {
        var counts = jdbi.withHandle(h -> store.openCounts(h, clock.instant()));
        var rows = new ArrayList<MultiGauge.Row<?>>();
        // Every status and level appears, at zero when none: an alert on "breached > 0" needs the series.
        for (var status : RequestStore.OPEN_STATUSES) {
            for (boolean breached : List.of(false, true)) {
                long n = counts.stream()
                        .filter(c -> c.status() == status && c.breached() == breached)
                        .mapToLong(RequestStore.OpenCount::count)
                        .sum();
                rows.add(MultiGauge.Row.of(
                        Tags.of("status", status.name(), "sla", breached ? "breached" : "within"), n));
            }
        }
        open.register(rows, true);
    }
}
