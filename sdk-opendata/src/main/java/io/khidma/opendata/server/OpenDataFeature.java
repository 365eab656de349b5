package io.khidma.opendata.server;

import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import java.util.Objects;

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

    /** The largest CSV one upload may be: 2 GiB, streamed, never held in memory. */
    public static final long MAX_UPLOAD_BYTES = 2L << 30;

    private final OpenDataService service;
    private final OpenDataOptions options;

    public OpenDataFeature(Database database) {
        this(database, OpenDataOptions.defaults());
    }

    public OpenDataFeature(Database database, OpenDataOptions options) {
        Objects.requireNonNull(database, "database");
        this.options = Objects.requireNonNull(options, "options");
        this.service = new OpenDataService(database.jdbi(), new DatasetStore(), options.spool(), Clock.systemUTC());
    }

    /** The rules behind the API, for seeding datasets in-process. */
    public OpenDataService service() {
        return service;
    }

    @Override
    public boolean configure(FeatureContext context) {
        var resource = new OpenDataResource(service, options);
        context.register(resource);
        context.register(new CkanResource(new CkanActions(service, options.publisherNames()), resource));
        return true;
    }
}
