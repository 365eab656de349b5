package io.khidma.core.server;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's metrics: a Micrometer registry that Prometheus scrapes at {@code GET /metrics}, in its
 * text format, on a port of its own, so the public API port never exposes it. JVM memory, garbage
 * collection, threads, class loading, CPU and uptime are bound from the start; {@link
 * KhidmaServer.Builder#metrics} adds HTTP server metrics per route template, method and status, and
 * {@link Database#bindMetrics} the connection pool's.
 *
 * <pre>{@code
 * try (var metrics = Metrics.prometheus().serve("127.0.0.1", 9464)) {
 *     KhidmaServer.builder().metrics(metrics).database(database.bindMetrics(metrics))...start();
 * }
 * }</pre>
 */
public final class Metrics implements AutoCloseable {

    /** The port variable of servers that read their settings from the environment. */
    public static final String PORT_VARIABLE = "KHIDMA_METRICS_PORT";

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private HttpServer http;

    private Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Metrics served on 127.0.0.1 at the port {@value #PORT_VARIABLE} names, or none when it is not
     * set.
     */
    public static Optional<Metrics> fromEnvironment() {
        var port = System.getenv(PORT_VARIABLE);
        if (port == null || port.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(prometheus().serve("127.0.0.1", Integer.parseInt(port.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_VARIABLE + " must be a port number, was " + port);
        }
    }

    /** A new Prometheus registry with the JVM's metrics bound. */
    public static Metrics prometheus() {
        return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Where meters are registered. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The listener that records a server's requests here. Built in this class so that servers
     * without metrics never load Jersey's monitoring and Micrometer's HTTP types.
     */
    Object requestListener() {
        return new RequestTimers(registry);
    }

    /** Every meter in the Prometheus text format, as {@code GET /metrics} answers. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Serves {@code GET /metrics} on {@code host}:{@code port} ({@code 0} picks a free port); bind it
     * to an address only the monitoring network reaches.
     */
    public synchronized Metrics serve(String host, int port) {
        if (http != null) {
            throw new IllegalStateException("metrics are already served on " + uri());
        }
        try {
            http = HttpServer.create(new InetSocketAddress(Objects.requireNonNull(host, "host"), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
        }
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                var body = scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.getResponseHeaders().add("Cache-Control", "no-store");
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        http.start();
        LOG.info("metrics on {}", uri());
        return this;
    }

    /** The address of {@code GET /metrics}, once {@link #serve} was called. */
    public synchronized URI uri() {
        if (http == null) {
            throw new IllegalStateException("metrics are not served");
        }
        var address = http.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/metrics");
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
        gc.close();
        registry.close();
    }
}
