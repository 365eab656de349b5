package io.khidma.opendata.server;

import io.khidma.core.server.Database;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Mounts the open-data API in a Jersey application. Publishing needs a {@code BearerTokenFilter}
 * beside it; the database must have been migrated with {@code migrate("opendata")}. Uploads are
 * spooled to {@code spool} (the system's temporary folder by default) while they are validated.
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

    public OpenDataFeature(Database database) {
        this(database, defaultSpool());
    }

    public OpenDataFeature(Database database, Path spool) {
        Objects.requireNonNull(database, "database");
        this.service = new OpenDataService(database.jdbi(), new DatasetStore(), spool, Clock.systemUTC());
    }

    private static Path defaultSpool() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "khidma-uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload spool folder", e);
        }
    }

    /** The rules behind the API, for seeding datasets in-process. */
    public OpenDataService service() {
        return service;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new OpenDataResource(service));
        return true;
    }
}
