package io.khidma.payments.server;

import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.events.server.WebhooksFeature;
import io.khidma.core.server.Database;
import io.khidma.payments.provider.PaymentProvider;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the payments API in a Jersey application: the JSON API, the hosted payment page at
 * {@code /pay/{id}} and the expiry sweeper (started and stopped with the application). Needs a
 * {@code BearerTokenFilter} and the {@code IdempotencyFeature} beside it, and the events kit's
 * {@link WebhooksFeature} to deliver the payment events it writes to the outbox; the database must
 * have been migrated with {@code migrate("payments")}, {@code migrate("events")} and {@code
 * migrate("idempotency")}.
 *
 * <pre>{@code
 * var payments = new PaymentsFeature(database.migrate("payments"),
 *         FeeSchedule.catalogue(catalogue.service()), new SandboxProvider(), PaymentsOptions.defaults());
 * KhidmaServer.builder().register(payments).register(new IdempotencyFeature(database.migrate("idempotency")))
 *         .register(new WebhooksFeature(database.migrate("events"), WebhookOptions.defaults()))
 *         .register(new BearerTokenFilter(tokens)).openApi("payments").openApi("events")...
 * }</pre>
 */
public final class PaymentsFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentsFeature.class);

    private final PaymentService service;
    private final PaymentReports reports;
    private final GuardedProvider provider;
    private final PaymentPages pages;
    private final PaymentsOptions options;
    private final Clock clock;

    public PaymentsFeature(Database database, FeeSchedule fees, PaymentProvider provider, PaymentsOptions options) {
        this(database, fees, provider, options, Clock.systemUTC());
    }

    /** With a clock of the caller's, for tests of expiry and settlement days. */
    public PaymentsFeature(
            Database database, FeeSchedule fees, PaymentProvider provider, PaymentsOptions options, Clock clock) {
        Objects.requireNonNull(database, "database");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        var jdbi = database.jdbi();
        var store = new PaymentStore(database.statements());
        this.provider = new GuardedProvider(
                Objects.requireNonNull(provider, "provider"), options.providerTimeout(), database.tracing());
        this.service = new PaymentService(
                jdbi,
                store,
                new EventOutbox(),
                Objects.requireNonNull(fees, "fees"),
                this.provider,
                options,
                new PaymentMetrics(database.meters()),
                AuditTrail.on(database, clock),
                clock);
        this.reports = new PaymentReports(jdbi, store, service, options);
        this.pages = new PaymentPages(options.settlementZone());
    }

    /** The rules behind the API, for in-process use (the expiry sweep, administration). */
    public PaymentService service() {
        return service;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new PaymentsResource(service, reports, pages));
        context.register(new PaymentPageResource(service, pages, clock));
        context.register(new Lifecycle());
        return true;
    }

    /** Starts the background work with the application and stops it with it. */
    private final class Lifecycle implements ContainerLifecycleListener {
        private ScheduledExecutorService sweeper;

        @Override
        public void onStartup(Container container) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                var thread = new Thread(task, "khidma-payments-expiry");
                thread.setDaemon(true);
                return thread;
            });
            long every = options.sweepInterval().toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }

        private void sweep() {
            try {
                int expired = service.expireDue();
                if (expired > 0) {
                    LOG.info("{} payment(s) expired", expired);
                }
                int settled =
                        service.settleSubmittedRefunds(options.providerTimeout().plusMinutes(1));
                if (settled > 0) {
                    LOG.info("{} refund(s) left submitted were settled", settled);
                }
            } catch (RuntimeException e) {
                LOG.warn("expiry sweep failed: {}", e.toString());
            }
        }

        @Override
        public void onReload(Container container) {}

        @Override
        public void onShutdown(Container container) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            provider.close();
        }
    }
}
