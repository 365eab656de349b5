package io.khidma.core.audit.server;

import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the audit trail's API ({@code audit.yaml}: {@code /audit}, {@code /audit/checkpoints})
 * and signs a checkpoint every {@link AuditOptions#checkpointInterval()} while entries are added.
 * The entries themselves are written by the features, through {@link AuditTrail}.
 *
 * <pre>{@code
 * KhidmaServer.builder().register(new AuditFeature(database, AuditOptions.defaults().withOrigin("api.khidma.example/audit")))
 * }</pre>
 */
public final class AuditFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFeature.class);

    private final AuditCheckpoints checkpoints;
    private final AuditResource resource;
    private final AuditOptions options;

    public AuditFeature(Database database, AuditOptions options) {
        this(database, options, Clock.systemUTC());
    }

    public AuditFeature(Database database, AuditOptions options, Clock clock) {
        Objects.requireNonNull(database, "database");
        this.options = Objects.requireNonNull(options, "options");
        database.migrate("audit");
        var store = new AuditStore();
        this.checkpoints = new AuditCheckpoints(database.jdbi(), store, options.signingKey(), options.origin(), clock);
        this.resource = new AuditResource(database.jdbi(), store, checkpoints);
        if (options.signingKey().generatedForProcess()) {
            LOG.warn(
                    "audit checkpoints are signed by a key made for this process ({} is not set): they cannot be"
                            + " checked once it stops; verifier key {}",
                    AuditSigningKey.ENVIRONMENT_VARIABLE,
                    checkpoints.verifierKey());
        }
    }

    /** Signs a checkpoint now if entries were added since the last; for tests and administration. */
    public Optional<io.khidma.core.audit.model.Checkpoint> checkpoint() {
        return checkpoints.sign();
    }

    /** The C2SP verifier key of the checkpoints, to publish where auditors pin it. */
    public String verifierKey() {
        return checkpoints.verifierKey();
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(resource);
        context.register(new Lifecycle());
        return true;
    }

    private final class Lifecycle implements ContainerLifecycleListener {
        private ScheduledExecutorService signer;

        @Override
        public void onStartup(Container container) {
            signer = Executors.newSingleThreadScheduledExecutor(task -> {
                var thread = new Thread(task, "khidma-audit-checkpoints");
                thread.setDaemon(true);
                return thread;
            });
            long every = options.checkpointInterval().toMillis();
            // The first soon after start, so a new server has a checkpoint to pin without waiting.
            signer.scheduleWithFixedDelay(this::sign, Math.min(every, 2000), every, TimeUnit.MILLISECONDS);
        }

        private void sign() {
            try {
                checkpoints.sign().ifPresent(c -> LOG.info("audit checkpoint signed at {} entries", c.size()));
            } catch (RuntimeException e) {
                LOG.warn("signing an audit checkpoint failed: {}", e.toString());
            }
        }

        @Override
        public void onReload(Container container) {}

        @Override
        public void onShutdown(Container container) {
            if (signer != null) {
                signer.shutdownNow();
            }
        }
    }
}
