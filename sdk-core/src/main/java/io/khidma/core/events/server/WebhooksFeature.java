package io.khidma.core.events.server;

import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import java.util.Objects;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the platform's events kit in a Jersey application: the webhooks API of {@code
 * events.yaml} ({@code /webhooks}) and the dispatcher that delivers the outbox every module writes
 * to through {@link EventOutbox}, started and stopped with the application. Mount it once per
 * server, beside payments, service requests or both; the database must have been migrated with
 * {@code migrate("events")}. Signing secrets are encrypted at rest with the keys of {@link
 * WebhookKeys}: from {@link WebhookOptions#secretKeys()}, or else {@value
 * WebhookKeys#ENVIRONMENT_VARIABLE}; without either the feature is not made.
 *
 * <pre>{@code
 * KhidmaServer.builder()
 *         .register(new WebhooksFeature(database.migrate("events"), WebhookOptions.defaults()))
 *         .register(new BearerTokenFilter(tokens))
 *         .openApi("events")...
 * }</pre>
 */
public final class WebhooksFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksFeature.class);

    private final WebhookEndpoints endpoints;
    private final WebhookDispatcher dispatcher;

    public WebhooksFeature(Database database, WebhookOptions options) {
        this(database, options, Clock.systemUTC());
    }

    /** With a clock of the caller's, for tests of retries and secret overlaps. */
    public WebhooksFeature(Database database, WebhookOptions options, Clock clock) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        var jdbi = database.jdbi();
        var store = new WebhookStore();
        var keys = options.secretKeys() != null ? options.secretKeys() : WebhookKeys.fromEnvironment();
        this.endpoints = new WebhookEndpoints(jdbi, store, options, keys, AuditTrail.on(database, clock), clock);
        this.dispatcher = new WebhookDispatcher(
                jdbi, store, options, keys, new WebhookMetrics(database.meters()), database.tracing(), clock);
        int resealed = endpoints.resealSecrets();
        if (resealed > 0) {
            LOG.info("{} webhook secret(s) sealed under key {}", resealed, keys.currentKeyId());
        }
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new WebhooksResource(endpoints));
        context.register(new Lifecycle());
        return true;
    }

    private final class Lifecycle implements ContainerLifecycleListener {
        @Override
        public void onStartup(Container container) {
            dispatcher.start();
        }

        @Override
        public void onReload(Container container) {}

        @Override
        public void onShutdown(Container container) {
            dispatcher.close();
        }
    }
}
