package io.khidma.opendata;

import static io.khidma.core.http.ServiceConnection.query;

import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.http.Versioned;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import io.khidma.core.problem.NotFoundException;
import io.khidma.opendata.model.AggregateResult;
import io.khidma.opendata.model.ApiKey;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetPage;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.opendata.model.DatasetVersionList;
import io.khidma.opendata.model.NewApiKey;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.RowPage;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The open-data API, for consumers (search, rows, downloads; anonymous or with an API key) and
 * for publishers (datasets and versions of their agency; with an agency's credentials).
 * Thread-safe; build one per endpoint and credentials.
 *
 * <pre>{@code
 * try (var data = OpenDataClient.builder().endpoint(URI.create("https://data.example.gov.ae")).build()) {
 *     for (Dataset dataset : data.search(DatasetQuery.text("مراكز الخدمة"))) { ... }
 *     data.rows(id, RowQuery.all().eq("emirate", "دبي")).stream().limit(10).forEach(System.out::println);
 *     data.download(id, DownloadFormat.CSV, Path.of("centres.csv"), ProgressListener.NONE);
 * }
 * }</pre>
 */
public final class OpenDataClient implements AutoCloseable {

    private final ServiceConnection connection;

    private OpenDataClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    // Consuming

    /** Every matching dataset, fetched page by page as iteration proceeds. */
    public PagedIterable<Dataset> search(DatasetQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(cursor -> {
            var page = searchPage(query, cursor);
            return new Page<>(page.items(), page.next());
        });
    }

    /**
     * One page of a search with its facet counts (by publisher, theme, keyword and format, over
     * every match); {@code cursor} is {@code null} for the first page, then the page's {@code next}.
     */
    public DatasetPage searchPage(DatasetQuery query, String cursor) {
        var uri = connection.uri("datasets");
        query(uri, "q", query.text());
        query(uri, "publisher", query.publisher());
        query(uri, "theme", query.theme());
        query(uri, "keyword", query.keyword());
        query(uri, "format", query.format() == null ? null : query.format().parameter());
        query(
                uri,
                "modified_since",
                query.modifiedSince() == null ? null : query.modifiedSince().toString());
        query(uri, "limit", query.pageSize() == null ? null : query.pageSize().toString());
        query(uri, "cursor", cursor);
        return connection.send(ApiRequest.get(uri.build())).body(DatasetPage.class);
    }

    /** @throws NotFoundException when there is no such dataset (or it is another agency's draft) */
    public Dataset get(UUID id) {
        return read(id).value();
    }

    public Optional<Dataset> find(UUID id) {
        try {
            return Optional.of(get(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The dataset with its ETag, to replace it safely. */
    public Versioned<Dataset> read(UUID id) {
        return versioned(connection.send(ApiRequest.get(dataset(id).build())));
    }

    /** Every version of the dataset's data, newest first. */
    public List<DatasetVersion> versions(UUID id) {
        return connection
                .send(ApiRequest.get(versionsUri(id)))
                .body(DatasetVersionList.class)
                .items();
    }

    /**
     * Every matching row, fetched a page at a time as iteration proceeds, each a map from field
     * name to value. All pages come from one version: the query's, or the latest when the first
     * page was read, even if a newer one is published meanwhile.
     */
    public PagedIterable<Map<String, Object>> rows(UUID id, RowQuery query) {
        Objects.requireNonNull(query, "query");
        // The cursor handed between pages is "<version>:<server cursor>", so each iteration keeps
        // the version its own first page came from.
        return new PagedIterable<>(cursor -> {
            RowPage page;
            if (cursor == null) {
                page = rowsPage(id, query, null, false);
            } else {
                int colon = cursor.indexOf(':');
                page = rowsPage(
                        id,
                        query.version(Integer.parseInt(cursor.substring(0, colon))),
                        cursor.substring(colon + 1),
                        false);
            }
            return new Page<>(page.items(), page.next() == null ? null : page.version() + ":" + page.next());
        });
    }

    /**
     * One page of rows; {@code cursor} is {@code null} for the first page, then the page's {@code
     * next}. With {@code includeTotal} the page also counts every matching row.
     */
    public RowPage rowsPage(UUID id, RowQuery query, String cursor, boolean includeTotal) {
        var uri = dataset(id).path("rows");
        rowFilters(uri, query);
        query(uri, "sort", query.sort());
        query(uri, "fields", query.fields());
        query(uri, "limit", query.pageSize() == null ? null : query.pageSize().toString());
        query(uri, "cursor", cursor);
        if (includeTotal) {
            query(uri, "include_total", "true");
        }
        return connection.send(ApiRequest.get(uri.build())).body(RowPage.class);
    }

    /**
     * Groups and aggregates a dataset's rows on the server; the result's values are typed by their
     * columns (see {@link AggregateResult}).
     */
    public AggregateResult aggregate(UUID id, AggregateQuery query) {
        Objects.requireNonNull(query, "query");
        var uri = dataset(id).path("aggregate");
        rowFilters(uri, query.rows());
        query(uri, "group_by", query.groups().isEmpty() ? null : String.join(",", query.groups()));
        query(uri, "aggregate", query.aggregates().isEmpty() ? null : String.join(",", query.aggregates()));
        for (var condition : query.having()) {
            query(uri, "having", condition);
        }
        query(uri, "order", query.order().isEmpty() ? null : String.join(",", query.order()));
        query(uri, "limit", query.limit() == null ? null : query.limit().toString());
        if (query.includeTotal()) {
            query(uri, "include_total", "true");
        }
        return connection.send(ApiRequest.get(uri.build())).body(AggregateResult.class);
    }

    /** Downloads the whole latest version; see {@link #download(UUID, RowQuery, DownloadFormat, Path, ProgressListener)}. */
    public Download download(UUID id, DownloadFormat format, Path target, ProgressListener progress) {
        return download(id, RowQuery.all(), format, target, progress);
    }

    /**
     * Downloads the rows matching {@code query} (its version, filters and text; downloads keep the
     * file's order and every field) to {@code target}, in constant memory whatever the size,
     * compressed on the wire.
     *
     * <p>The data goes to {@code <target>.part} and replaces {@code target} only once complete, so
     * a failed download never leaves a truncated file. When the connection breaks, the part is
     * kept with the server's ETag beside it ({@code <target>.part.etag}); downloading to the same
     * target again asks only for the rest (HTTP {@code Range} with {@code If-Range}), and starts
     * over by itself when the data changed in between.
     *
     * @throws UncheckedIOException when writing to disk fails or the connection breaks mid-way
     */
    public Download download(UUID id, RowQuery query, DownloadFormat format, Path target, ProgressListener progress) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(progress, "progress");
        if (query.sort() != null || query.fields() != null || query.pageSize() != null) {
            throw new IllegalArgumentException("a download has every field in file order: no sort, fields or pageSize");
        }
        var uri = dataset(id).path("export");
        rowFilters(uri, query);
        query(uri, "format", format.parameter());
        return new ResumableDownload(connection, uri.build(), format, target, progress).run();
    }

    // Publishing

    /** Creates a draft dataset of the credentials' agency. */
    public Versioned<Dataset> create(NewDataset dataset) {
        return versioned(connection.send(
                ApiRequest.post(connection.uri("datasets").build()).json(dataset)));
    }

    /**
     * Replaces the metadata read as {@code current}.
     *
     * @throws io.khidma.core.problem.PreconditionFailedException when someone changed it since
     */
    public Versioned<Dataset> replace(Versioned<Dataset> current, NewDataset replacement) {
        return versioned(
                connection.send(ApiRequest.put(dataset(current.value().id()).build())
                        .header("If-Match", current.etag())
                        .json(replacement)));
    }

    /** Deletes the dataset and every version of its data. */
    public void delete(UUID id) {
        connection.send(ApiRequest.delete(dataset(id).build()));
    }

    /**
     * Uploads a CSV file (UTF-8, header first) as the dataset's next version, streamed from disk.
     *
     * @throws io.khidma.core.problem.KhidmaException 422 with the first errors by row and column
     *     when the data does not fit the schema; the previous version then stays live
     */
    public DatasetVersion upload(UUID id, Path csv) {
        return uploaded(ApiRequest.post(versionsUri(id)).body(csv, "text/csv"));
    }

    /**
     * Uploads CSV read from {@code csv} as it is sent. A stream cannot be read twice, so this upload
     * is never retried; the caller closes the stream.
     */
    public DatasetVersion upload(UUID id, InputStream csv) {
        return uploaded(ApiRequest.post(versionsUri(id)).body(csv, "text/csv"));
    }

    public Dataset publish(UUID id) {
        return connection
                .send(ApiRequest.post(dataset(id).path("publish").build()))
                .body(Dataset.class);
    }

    public Dataset unpublish(UUID id) {
        return connection
                .send(ApiRequest.post(dataset(id).path("unpublish").build()))
                .body(Dataset.class);
    }

    // API keys

    /** Issues an API key to the signed-in caller; its {@code key} is shown only in this answer. */
    public ApiKey issueApiKey(String name) {
        return connection
                .send(ApiRequest.post(connection.uri("api-keys").build()).json(new NewApiKey(name)))
                .body(ApiKey.class);
    }

    public void revokeApiKey(UUID keyId) {
        connection.send(ApiRequest.delete(
                connection.uri("api-keys").path(keyId.toString()).build()));
    }

    @Override
    public void close() {
        connection.close();
    }

    private UriBuilder dataset(UUID id) {
        return connection.uri("datasets").path(Objects.requireNonNull(id, "id").toString());
    }

    private URI versionsUri(UUID id) {
        return dataset(id).path("versions").build();
    }

    private DatasetVersion uploaded(ApiRequest.Builder request) {
        // The server does not hold a whole upload to recognise a retry by its Idempotency-Key, so a
        // resent upload would make a second version: uploads are sent once.
        return connection.send(request.withoutIdempotencyKey()).body(DatasetVersion.class);
    }

    private static void rowFilters(UriBuilder uri, RowQuery query) {
        query(uri, "version", query.version() == null ? null : query.version().toString());
        for (var filter : query.filters()) {
            query(uri, "filter", filter);
        }
        query(uri, "q", query.text());
    }

    private static Versioned<Dataset> versioned(ApiResponse response) {
        return new Versioned<>(response.body(Dataset.class), response.etag().orElseThrow());
    }

    /**
     * Builds an {@link OpenDataClient}: no credentials for anonymous reads, an {@link
     * #apiKey(String) API key} for higher rate limits, an agency's credentials to publish.
     */
    public static final class Builder extends ServiceClientBuilder<Builder> {
        private String apiKey;

        private Builder() {}

        /** Sends this key as {@code X-API-Key} on every call, for the key holder's rate limit. */
        public Builder apiKey(String key) {
            if (key != null && (key.isBlank() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("an API key is visible ASCII");
            }
            this.apiKey = key;
            return this;
        }

        public OpenDataClient build() {
            return new OpenDataClient(connection(apiKey == null ? Map.of() : Map.of("X-API-Key", apiKey)));
        }
    }
}
