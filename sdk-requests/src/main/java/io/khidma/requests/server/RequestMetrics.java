package io.khidma.requests.server;

import static io.khidma.core.server.SqlTime.utc;

import io.khidma.requests.model.RequestStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The requests awaiting an agency as the database holds them, shared by every replica: {@code
 * khidma_requests_open{status, sla}}, where {@code sla} is {@code within} or {@code breached} (past
 * the service's processing time). Counted again by {@link #refresh()}, which the feature calls on
 * its sweeper; the count follows the open-inbox index.
 */
final class RequestMetrics {

    /** The statuses of a request an agency still has to act on. */
    static final EnumSet<RequestStatus> OPEN = EnumSet.of(
            RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.INFO_REQUESTED, RequestStatus.APPROVED);

    private final Jdbi jdbi;
    private final Clock clock;
    private final MultiGauge open;

    RequestMetrics(Jdbi jdbi, MeterRegistry registry, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.open = MultiGauge.builder("khidma.requests.open")
                .description("Requests awaiting an agency, by status and service level")
                .register(registry);
    }

    void refresh() {
        var now = clock.instant();
        var rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT status, coalesce(due_at < :now, false) AS breached, count(*) AS n
                          FROM requests_request
                         WHERE status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED')
                         GROUP BY 1, 2
                        """)
                .bind("now", utc(now))
                .map((rs, ctx) -> new Count(rs.getString("status"), rs.getBoolean("breached"), rs.getLong("n")))
                .list());
        var counted = new ArrayList<MultiGauge.Row<?>>();
        // Every status and level appears, at zero when none: an alert on "breached > 0" needs the series.
        for (var status : OPEN) {
            for (boolean breached : List.of(false, true)) {
                long n = rows.stream()
                        .filter(c -> c.status().equals(status.name()) && c.breached() == breached)
                        .mapToLong(Count::n)
                        .sum();
                counted.add(MultiGauge.Row.of(
                        Tags.of("status", status.name(), "sla", breached ? "breached" : "within"), n));
            }
        }
        open.register(counted, true);
    }

    private record Count(String status, boolean breached, long n) {}
}
