package io.khidma.spring.boot;

import io.khidma.core.http.TransportOptions;

/**
 * Changes the options of the transport every Khidma client shares, after the {@code khidma.*}
 * properties were applied: a rate limit, a bulkhead, tracing. Every bean of this type is applied,
 * in order.
 */
@FunctionalInterface
public interface KhidmaTransportCustomizer {

    void customize(TransportOptions.Builder options);
}
