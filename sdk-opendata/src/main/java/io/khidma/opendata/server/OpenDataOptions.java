package io.khidma.opendata.server;

import io.khidma.core.text.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of the open-data server. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param spool the folder uploads are spooled to while they are validated; the system's temporary
 *     folder by default
 * @param catalogTitle the DCAT-AP catalogue's title
 * @param catalogDescription the DCAT-AP catalogue's description
 * @param catalogPublisher the agency that publishes the catalogue itself
 * @param publisherNames an agency's name in Arabic and English by its id, for DCAT-AP; {@code null}
 *     when unknown (the id is used)
 * @param rateLimits how many reads anonymous callers and API-key holders may make
 * @param corsOrigins the web origins (e.g. {@code https://data.example.ae}, or {@code *}) whose
 *     pages may read open data from the browser; none by default, so CORS is off
 * @param queryTimeout how long one aggregation may run before it is cancelled and answered 503;
 *     10 seconds by default
 */
public record OpenDataOptions(
        Path spool,
        Text catalogTitle,
        Text catalogDescription,
        String catalogPublisher,
        Function<String, Text> publisherNames,
        RateLimits rateLimits,
        Set<String> corsOrigins,
        Duration queryTimeout) {

    public OpenDataOptions {
        if (queryTimeout.isNegative() || queryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("queryTimeout must be at least a millisecond");
        }
        corsOrigins = Set.copyOf(Objects.requireNonNull(corsOrigins, "corsOrigins"));
        for (var origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("not a web origin (scheme://host[:port]) or *: " + origin);
            }
        }
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(catalogTitle, "catalogTitle");
        Objects.requireNonNull(catalogDescription, "catalogDescription");
        Objects.requireNonNull(catalogPublisher, "catalogPublisher");
        Objects.requireNonNull(publisherNames, "publisherNames");
    }

    public static OpenDataOptions defaults() {
        return new OpenDataOptions(
                defaultSpool(),
                Text.of("البيانات المفتوحة", "Open data"),
                Text.of(
                        "مجموعات البيانات المفتوحة المنشورة من الجهات الحكومية",
                        "Open datasets published by government agencies"),
                "khidma",
                agency -> null,
                RateLimits.defaults(),
                Set.of(),
                Duration.ofSeconds(10));
    }

    public OpenDataOptions withSpool(Path folder) {
        return new OpenDataOptions(
                folder,
                catalogTitle,
                catalogDescription,
                catalogPublisher,
                publisherNames,
                rateLimits,
                corsOrigins,
                queryTimeout);
    }

    /** The catalogue's own title, description and publishing agency, as harvesters see them. */
    public OpenDataOptions withCatalog(Text title, Text description, String publisher) {
        return new OpenDataOptions(
                spool, title, description, publisher, publisherNames, rateLimits, corsOrigins, queryTimeout);
    }

    public OpenDataOptions withPublisherNames(Function<String, Text> names) {
        return new OpenDataOptions(
                spool,
                catalogTitle,
                catalogDescription,
                catalogPublisher,
                names,
                rateLimits,
                corsOrigins,
                queryTimeout);
    }

    public OpenDataOptions withRateLimits(RateLimits limits) {
        return new OpenDataOptions(
                spool,
                catalogTitle,
                catalogDescription,
                catalogPublisher,
                publisherNames,
                limits,
                corsOrigins,
                queryTimeout);
    }

    /** Lets pages from these origins read open data (GET and HEAD) from the browser; no cookies, no writes. */
    public OpenDataOptions withCorsOrigins(String... origins) {
        return new OpenDataOptions(
                spool,
                catalogTitle,
                catalogDescription,
                catalogPublisher,
                publisherNames,
                rateLimits,
                Set.of(origins),
                queryTimeout);
    }

    /** Cancels an aggregation that runs longer than this, answering 503 rather than holding a connection. */
    public OpenDataOptions withQueryTimeout(Duration timeout) {
        return new OpenDataOptions(
                spool,
                catalogTitle,
                catalogDescription,
                catalogPublisher,
                publisherNames,
                rateLimits,
                corsOrigins,
                timeout);
    }

    private static Path defaultSpool() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "khidma-uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload spool folder", e);
        }
    }
}
