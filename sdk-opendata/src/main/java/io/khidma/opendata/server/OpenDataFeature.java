package io.khidma.opendata.server;

import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.Database;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the open-data API in a Jersey application. Publishing needs a {@code BearerTokenFilter}
 * beside it; the database must have been migrated with {@code migrate("opendata")}. Settings,
 * such as the DCAT-AP catalogue's title, are in {@link OpenDataOptions}.
 *
 * <pre>{@code
 * KhidmaServer.builder().register(new OpenDataFeature(database.migrate("opendata")))
 *         .register(new BearerTokenFilter(tokens)).openApi("opendata")...
 * }</pre>
 */
public final class OpenDataFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(OpenDataFeature.class);

    /** The largest CSV one upload may be: 2 GiB, streamed, never held in memory. */
    public static final long MAX_UPLOAD_BYTES = 2L << 30;

    private final OpenDataService service;
    private final OpenDataOptions options;
    private final OpenDataMetrics metrics;
    private final ApiKeys keys;
    private final RateLimiter limiter;

    public OpenDataFeature(Database database) {
        this(database, OpenDataOptions.defaults());
    }

    public OpenDataFeature(Database database, OpenDataOptions options) {
        Objects.requireNonNull(database, "database");
        this.options = Objects.requireNonNull(options, "options");
        var clock = Clock.systemUTC();
        var store = new DatasetStore();
        int reanalysed = store.reanalyse(database.jdbi());
        if (reanalysed > 0) {
            LOG.info(
                    "open data: {} dataset(s) analysed again with {}",
                    reanalysed,
                    SearchAnalysis.standard().name());
        }
        this.metrics = new OpenDataMetrics(database.meters());
        var audit = AuditTrail.on(database, clock);
        this.service = new OpenDataService(
                database.jdbi(),
                store,
                options.spool(),
                metrics,
                audit,
                clock,
                options.queryTimeout(),
                database.readReplicas());
        this.keys = new ApiKeys(database.jdbi(), audit, clock);
        this.limiter = new RateLimiter(options.rateLimits(), database.jdbi(), clock);
    }

    /** The rules behind the API, for seeding datasets in-process. */
    public OpenDataService service() {
        return service;
    }

    /** Whether the method, or the interface method it implements, answers GET. */
    private static boolean isGet(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return true;
        }
        for (var type : method.getDeclaringClass().getInterfaces()) {
            try {
                if (type.getMethod(method.getName(), method.getParameterTypes()).isAnnotationPresent(GET.class)) {
                    return true;
                }
            } catch (NoSuchMethodException e) {
                // not this interface's
            }
        }
        return false;
    }

    @Override
    public boolean configure(FeatureContext context) {
        var resource = new OpenDataResource(service, options);
        context.register(resource);
        context.register(new CkanResource(new CkanActions(service, options.publisherNames()), resource));
        context.register(new ApiKeyResource(keys));
        context.register(new PortalResource(service, options));
        if (!options.corsOrigins().isEmpty()) {
            context.register(new CorsFilter(options.corsOrigins()));
        }
        var rateLimit = new RateLimitFilter(limiter, keys, metrics);
        // Reads are limited: every GET of the open-data API, every CKAN action and every portal page.
        context.register((DynamicFeature) (info, binding) -> {
            var type = info.getResourceClass();
            if (type == CkanResource.class
                    || type == PortalResource.class
                    || (type == OpenDataResource.class && isGet(info.getResourceMethod()))) {
                binding.register(rateLimit);
            }
        });
        return true;
    }
}
