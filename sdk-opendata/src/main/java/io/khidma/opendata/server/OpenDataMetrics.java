package io.khidma.opendata.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * What open data records, in Prometheus' names: {@code khidma_opendata_rows_served_total{via}}
 * (rows as JSON pages, or exports), {@code khidma_opendata_export_bytes_total{format}} (export
 * bytes before compression), and {@code khidma_ratelimit_refusals_total{policy}} (requests refused
 * with a 429, anonymous or per API key).
 */
final class OpenDataMetrics {

    private final MeterRegistry registry;

    OpenDataMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Every series exists from the start, at zero: a rate or an alert over it needs it there.
        rowsServed("rows", 0);
        rowsServed("export", 0);
        for (var format : ExportFormat.values()) {
            bytesServed(format, 0);
        }
        counter("anonymous");
        counter("key");
    }

    void rowsServed(String via, long rows) {
        Counter.builder("khidma.opendata.rows.served")
                .description("Dataset rows served")
                .tag("via", via)
                .register(registry)
                .increment(rows);
    }

    void bytesServed(ExportFormat format, long bytes) {
        Counter.builder("khidma.opendata.export")
                .description("Export bytes served, before compression")
                .baseUnit("bytes")
                .tag("format", format.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment(bytes);
    }

    void refused(String policy) {
        counter(policy).increment();
    }

    private Counter counter(String policy) {
        return Counter.builder("khidma.ratelimit.refusals")
                .description("Requests refused for being over a rate limit")
                .tag("policy", policy)
                .register(registry);
    }
}
