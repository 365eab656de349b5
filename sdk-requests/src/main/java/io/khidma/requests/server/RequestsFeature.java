package io.khidma.requests.server;

import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.server.Database;
import io.khidma.payments.server.PaymentService;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the service requests API in a Jersey application: requests, the agency inbox, documents
 * and journey applications, visits and their capacity (Tawseel), verifiable issued documents, and
 * a reconciliation of requests waiting for their fees and a fold of transaction KPIs (started and
 * stopped with the application), and Open311 GeoReport v2 over the same requests. Plugs its
 * transaction KPIs into the catalogue's KPI endpoints. Reads services, forms and journeys from the
 * catalogue and takes fees through the payments server kit in the same process (whose captures and expiries move
 * requests on at once); writes its events to the outbox the {@code WebhooksFeature} delivers.
 * Needs a {@code BearerTokenFilter} and the {@code IdempotencyFeature} beside it; the database
 * must have been migrated with {@code migrate("requests")} and {@code migrate("events")}.
 *
 * <pre>{@code
 * var requests = new RequestsFeature(database.migrate("requests"), catalogue.service(),
 *         payments.service(), RequestsOptions.defaults());
 * KhidmaServer.builder().register(catalogue).register(payments).register(requests)
 *         .register(new WebhooksFeature(database.migrate("events"), WebhookOptions.defaults()))
 *         .openApi("requests")...
 * }</pre>
 */
public final class RequestsFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(RequestsFeature.class);

    private final RequestService requests;
    private final JourneyService journeys;
    private final Documents documents;
    private final VisitService visits;
    private final IssuedDocuments issued;
    private final KpiRollups kpis;
    private final RequestMetrics metrics;
    private final RequestStore store;
    private final Jdbi jdbi;
    private final RequestsOptions options;

    /**
     * @param payments the payments server kit's service, for submission fees; {@code null} when this
     *     server takes none (services that charge at submission then answer 503)
     */
    public RequestsFeature(
            Database database, CatalogueService catalogue, PaymentService payments, RequestsOptions options) {
        this(database, catalogue, payments, options, Clock.systemUTC());
    }

    /** With a clock of the caller's, for tests of service levels. */
    public RequestsFeature(
            Database database,
            CatalogueService catalogue,
            PaymentService payments,
            RequestsOptions options,
            Clock clock) {
        Objects.requireNonNull(database, "database");
        this.options = Objects.requireNonNull(options, "options");
        this.store = new RequestStore();
        this.jdbi = database.jdbi();
        this.requests = new RequestService(
                jdbi,
                store,
                Objects.requireNonNull(catalogue, "catalogue"),
                payments,
                new EventOutbox(),
                options,
                AuditTrail.on(database, clock),
                Objects.requireNonNull(clock, "clock"));
        this.journeys = new JourneyService(jdbi, store, requests, clock);
        this.requests.journeys(journeys);
        this.documents = new Documents(jdbi, store, clock);
        this.kpis = new KpiRollups(jdbi, options.numberZone());
        this.metrics = new RequestMetrics(jdbi, store, database.meters(), clock);
        catalogue.transactionKpis(kpis);
        this.issued = new IssuedDocuments(
                jdbi, new IssuedDocumentStore(), store, requests, new EventOutbox(), options.documentKeys(), clock);
        this.visits = new VisitService(jdbi, new VisitStore(), requests, catalogue, new EventOutbox(), options, clock);
        if (payments != null) {
            payments.addStatusListener(requests::paymentChanged);
        }
    }

    /** The rules behind the requests API, for in-process use (administration, benchmarks). */
    public RequestService requests() {
        return requests;
    }

    /** The rules behind journey applications, for in-process use. */
    public JourneyService journeys() {
        return journeys;
    }

    /** The rules behind visits and their capacity, for in-process use (seeding, benchmarks). */
    public VisitService visits() {
        return visits;
    }

    /** The transaction KPIs, served by the catalogue's KPI endpoints; for in-process use. */
    public KpiRollups kpis() {
        return kpis;
    }

    /** Issued documents, for in-process use. */
    public IssuedDocuments issuedDocuments() {
        return issued;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new RequestsResource(requests, journeys, documents));
        context.register(new VisitsResource(visits));
        context.register(new IssuedDocumentsResource(issued));
        context.register(new Open311Resource(requests, store, jdbi));
        context.register(Open311Filter.class);
        context.register(Open311Errors.class);
        context.register(new Lifecycle());
        return true;
    }

    /** Starts the reconciliation of awaited payments with the application and stops it with it. */
    private final class Lifecycle implements ContainerLifecycleListener {
        private ScheduledExecutorService sweeper;

        @Override
        public void onStartup(Container container) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                var thread = new Thread(task, "khidma-requests-payments");
                thread.setDaemon(true);
                return thread;
            });
            long every = options.reconcileInterval().toMillis();
            sweeper.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
            sweeper.scheduleWithFixedDelay(this::foldKpis, 10, 10, TimeUnit.SECONDS);
            sweeper.scheduleWithFixedDelay(this::countOpen, 0, 15, TimeUnit.SECONDS);
        }

        private void countOpen() {
            try {
                metrics.refresh();
            } catch (RuntimeException e) {
                LOG.warn("counting open requests failed: {}", e.toString());
            }
        }

        private void foldKpis() {
            try {
                kpis.fold();
            } catch (RuntimeException e) {
                LOG.warn("folding transaction KPIs failed: {}", e.toString());
            }
        }

        private void reconcile() {
            try {
                int settled = requests.reconcilePayments();
                if (settled > 0) {
                    LOG.info("{} awaited payment(s) settled requests by reconciliation", settled);
                }
            } catch (RuntimeException e) {
                LOG.warn("payment reconciliation failed: {}", e.toString());
            }
        }

        @Override
        public void onReload(Container container) {}

        @Override
        public void onShutdown(Container container) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
        }
    }
}
