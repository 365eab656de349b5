package io.khidma.core.catalogue.server;

import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueFeature.class);

    private final CatalogueService service;

    public CatalogueFeature(Database database) {
        this(database, SearchAnalysis.standard());
    }

    /**
     * The catalogue with another search analysis. Services analysed by a different one are
     * analysed again now, so replicas must share the analysis.
     */
    public CatalogueFeature(Database database, SearchAnalysis analysis) {
        var audit = AuditTrail.on(database);
        var store = new CatalogueStore(database.jdbi(), analysis, audit);
        int reanalysed = store.reanalyse();
        if (reanalysed > 0) {
            LOG.info("catalogue: {} service(s) analysed again with {}", reanalysed, analysis.name());
        }
        if (!store.trigramsReadArabic()) {
            LOG.warn("catalogue: the database's LC_CTYPE is not a UTF-8 locale, so pg_trgm ignores Arabic letters"
                    + " and Arabic queries get no spelling correction");
        }
        this.service =
                new CatalogueService(store, new JourneyStore(database.jdbi(), audit), analysis, Clock.systemUTC());
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
