package io.khidma.core.server;

import io.khidma.core.audit.server.AuditContext;
import io.khidma.core.tracing.ServerSpans;
import io.khidma.core.tracing.Tracing;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded HTTP server (Grizzly + Jersey) with the server kit's base already mounted: problem
 * documents for every error, request ids, a request body limit, Khidma's JSON, {@code /health},
 * {@code /health/ready}, {@code /openapi/{name}.yaml} and Swagger UI at {@code /docs}.
 *
 * <pre>{@code
 * try (var server = KhidmaServer.builder()
 *         .port(0)                                  // any free port
 *         .database(database)
 *         .register(new CatalogueFeature(database))
 *         .openApi("catalogue")
 *         .start()) {
 *     log.info("listening on {}", server.uri());
 * }
 * }</pre>
 */
public final class KhidmaServer implements AutoCloseable {

    /** The public URL of servers that read their settings from the environment; see {@link Builder#publicUrl}. */
    public static final String PUBLIC_URL_VARIABLE = "KHIDMA_PUBLIC_URL";

    private static final Logger LOG = LoggerFactory.getLogger(KhidmaServer.class);

    /**
     * Grizzly's own notes on a graceful stop, which it logs as warnings on a clean stop too (that
     * it waits, that its waiting thread was interrupted once the stop was done). {@link #close}
     * warns itself when requests in flight outlast the grace period. Held here so that the level
     * set on it stays set.
     */
    private static final java.util.logging.Logger GRACEFUL_STOP_NOTES =
            java.util.logging.Logger.getLogger("org.glassfish.grizzly.nio.GracefulShutdownRunner");

    static {
        GRACEFUL_STOP_NOTES.setLevel(java.util.logging.Level.SEVERE);
    }
    /** Ports {@link #findFreePort()} draws from: registered, below every OS's ephemeral range. */
    private static final int FREE_PORTS_FROM = 20_000;

    private static final int FREE_PORTS_TO = 32_000;

    private final HttpServer http;
    private final URI uri;
    private final Duration shutdownGrace;
    /** The virtual-thread executor the server runs requests on, or null for Grizzly's own pool. */
    private final ExecutorService perRequestThreads;

    private KhidmaServer(HttpServer http, URI uri, Duration shutdownGrace, ExecutorService perRequestThreads) {
        this.http = http;
        this.uri = uri;
        this.shutdownGrace = shutdownGrace;
        this.perRequestThreads = perRequestThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A port free at the time of asking, for components that must know the server's URI before it
     * starts (an identity provider's issuer). It is drawn from below the ranges operating systems
     * hand out as the local ports of outgoing connections (32768 and up on Linux, 49152 and up
     * elsewhere): a database pool connecting between this call and the server's start cannot take
     * it. Another process listening on it still could; when nothing needs the URI up front, {@code
     * port(0)} is the safer choice.
     */
    public static int findFreePort() {
        var random = ThreadLocalRandom.current();
        for (int tries = 0; tries < 100; tries++) {
            int port = random.nextInt(FREE_PORTS_FROM, FREE_PORTS_TO);
            try (var socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // Another listener has it: try the next.
            }
        }
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** The base URI the server answers on, with the port actually bound. */
    public URI uri() {
        return uri;
    }

    public int port() {
        return uri.getPort();
    }

    /** Stops accepting connections, lets requests in flight finish within the grace period, then stops. */
    @Override
    public void close() {
        // Grizzly's graceful shutdown only stops the listeners: shutdownNow() then stops the
        // application too (Jersey's shutdown, which stops the modules' background work).
        var stopped = http.shutdown();
        try {
            stopped.get(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("requests still in flight after the grace period of {}: stopping them", shutdownGrace);
        } catch (ExecutionException e) {
            LOG.warn("graceful shutdown failed: {}", e.getCause().toString());
        } finally {
            http.shutdownNow();
            if (perRequestThreads != null) {
                // Grizzly stops only the pools it made.
                perRequestThreads.shutdownNow();
            }
        }
        LOG.info("server on {} stopped", uri);
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxRequestBodyBytes = 1024 * 1024;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private boolean virtualThreads;
        private Database database;
        private Metrics metrics;
        private URI publicUrl;
        private Tracing tracing;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private final List<Object> components = new ArrayList<>();
        private final Set<String> specs = new LinkedHashSet<>(List.of("platform"));

        private Builder() {}

        /** The interface to bind; {@code 127.0.0.1} by default, {@code 0.0.0.0} for all. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on; {@code 0} picks a free one (see {@link KhidmaServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Larger request bodies are refused with 413; 1 MiB by default. */
        public Builder maxRequestBodyBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Runs every request on a virtual thread of its own (Java 21 and later) instead of on
         * Grizzly's pool of worker threads: for deployments whose requests mostly wait on
         * something slower than the database, such as a payment provider or another agency. Off by
         * default: creating payments on Java 25 it was slower than Grizzly's workers
         * (benchmarks/README.md). On Java 17 starting the server fails.
         */
        public Builder virtualThreads(boolean on) {
            this.virtualThreads = on;
            return this;
        }

        /** The database {@code /health/ready} checks. */
        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /**
         * Records HTTP server metrics in {@code metrics}: {@code http_server_requests_seconds} per
         * route template ({@code uri="/services/{id}"}), method, status and outcome.
         */
        public Builder metrics(Metrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * The base of every absolute link the server writes ({@value #PUBLIC_URL_VARIABLE} for
         * servers that read their settings from the environment), e.g. {@code
         * https://api.example.gov.ae/}: behind a reverse proxy, the address citizens and
         * integrators use. Without it, links start with the address the server is bound to, or
         * with what a {@link #trustedProxies trusted proxy} forwards; never with the request's
         * {@code Host} header. See {@link PublicUrl}.
         */
        public Builder publicUrl(URI url) {
            this.publicUrl = PublicUrl.check(Objects.requireNonNull(url, "url"));
            return this;
        }

        /**
         * The reverse proxies whose {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} set the
         * base of links when no {@link #publicUrl public URL} is configured; none by default.
         */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = Objects.requireNonNull(proxies, "proxies");
            return this;
        }

        /**
         * Where the server's spans go; by default the {@link Database#tracing() database's}, when
         * a database is given, so {@link Database#bindTracing} turns tracing on for the server and
         * its features at once. See {@link ServerSpans}.
         */
        public Builder tracing(Tracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing");
            return this;
        }

        /** A JAX-RS component to mount: a resource, a provider or a {@code Feature}, as a class or an instance. */
        public Builder register(Object component) {
            components.add(Objects.requireNonNull(component, "component"));
            return this;
        }

        /** Serves {@code META-INF/openapi/<name>.yaml} and lists it in {@code /docs}. */
        public Builder openApi(String name) {
            specs.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        public KhidmaServer start() {
            var links = new PublicUrl(publicUrl, trustedProxies);
            var config = new ResourceConfig()
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                    .register(JacksonFeature.withoutExceptionMappers())
                    .register(ObjectMapperResolver.class)
                    .register(JavaTimeParamConverters.class)
                    .register(ProblemMapper.class)
                    .register(RequestIdFilter.class)
                    .register(AuditContext.class)
                    .register(ClientAddress.class)
                    .register(links)
                    .register(SecurityHeadersFilter.class)
                    .register(new BodySizeLimit(maxRequestBodyBytes));
            var resources = new ArrayList<Object>();
            resources.add(new HealthResource(database));
            resources.add(new ApiDocsResource(List.copyOf(specs)));
            if (metrics != null) {
                config.register(metrics.requestListener());
            }
            var spans = tracing != null ? tracing : database != null ? database.tracing() : null;
            if (spans != null) {
                config.register(new ServerSpans(spans));
            }
            for (var component : components) {
                if (component instanceof Class<?> type) {
                    config.register(type);
                } else if (component.getClass().isAnnotationPresent(Path.class)) {
                    resources.add(component);
                } else {
                    config.register(component);
                }
            }
            // Resource instances go in through a feature, as every module's do: registered on the
            // configuration itself, Jersey serves them but warns that it "will ignore" them.
            config.register((Feature) context -> {
                resources.forEach(context::register);
                return true;
            });
            var requested = UriBuilder.fromUri("http://localhost/")
                    .host(host)
                    .port(port)
                    .build();
            var http = GrizzlyHttpServerFactory.createHttpServer(requested, config, false);
            http.getListeners().forEach(listener -> listener.registerAddOn(new IgnoreH2cUpgrade()));
            http.getServerConfiguration().setDefaultErrorPageGenerator(new ProblemErrorPages());
            var perRequestThreads = virtualThreads ? virtualThreadPerTaskExecutor() : null;
            if (perRequestThreads != null) {
                http.getListeners().forEach(listener -> listener.getTransport().setWorkerThreadPool(perRequestThreads));
            }
            try {
                http.start();
            } catch (IOException e) {
                http.shutdownNow();
                if (perRequestThreads != null) {
                    perRequestThreads.shutdownNow();
                }
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
            }
            int bound = http.getListeners().iterator().next().getPort();
            var uri = UriBuilder.fromUri(requested).port(bound).build();
            links.bound(uri);
            LOG.info("server listening on {}", uri);
            if (publicUrl == null && trustedProxies.isEmpty() && !host.startsWith("127.")) {
                LOG.warn(
                        "no public URL configured: links name {}; set {} to the address clients use",
                        uri,
                        PUBLIC_URL_VARIABLE);
            }
            return new KhidmaServer(http, uri, shutdownGrace, perRequestThreads);
        }

        /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up as the build targets Java 17. */
        private static ExecutorService virtualThreadPerTaskExecutor() {
            try {
                return (ExecutorService) Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor")
                        .invoke(null);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(
                        "virtual threads need Java 21 or later; this is Java "
                                + Runtime.version().feature(),
                        e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a virtual-thread executor", e);
            }
        }
    }
}
