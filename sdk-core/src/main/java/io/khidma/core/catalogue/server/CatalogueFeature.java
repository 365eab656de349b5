package io.khidma.core.catalogue.server;

import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;

/**
 * Mounts the catalogue API in a Jersey application. Writes need a {@code BearerTokenFilter}
 * registered beside it; the database must have been migrated with {@code migrate("catalogue")}.
 *
 * <pre>{@code
 * var catalogue = new CatalogueFeature(database.migrate("catalogue"));
 * KhidmaServer.builder().register(catalogue).register(new BearerTokenFilter(tokens)).openApi("catalogue")...
 * }</pre>
 */
public final class CatalogueFeature implements Feature {

    private final CatalogueService service;

    public CatalogueFeature(Database database) {
        this.service = new CatalogueService(
                new CatalogueStore(database.jdbi()), new JourneyStore(database.jdbi()), Clock.systemUTC());
    }

    /** The rules behind the API, for seeding agencies in-process. */
    public CatalogueService service() {
        return service;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new CatalogueResource(service));
        return true;
    }
}
