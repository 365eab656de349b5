package io.khidma.opendata.server;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.ProblemException;
import io.khidma.core.server.ReadReplicas;
import io.khidma.opendata.model.AggregateResult;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetPage;
import io.khidma.opendata.model.DatasetStatus;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.opendata.model.Facets;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.model.RowPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The rules of open data: who may publish what, drafts and publication, optimistic concurrency,
 * versions that replace nothing until they are valid, and reads of published data by anyone.
 */
public final class OpenDataService {

    static final String PUBLISH_SCOPE = "opendata:publish";
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final int DEFAULT_ROWS = 100;
    static final int MAX_ROWS = 1_000;
    /** PostgreSQL's SQLSTATE for a statement cancelled, by statement_timeout among others. */
    private static final String QUERY_CANCELED = "57014";

    private final Jdbi jdbi;
    private final OpenDataMetrics metrics;
    private final AuditTrail audit;
    private final DatasetStore store;
    private final Path spool;
    private final Clock clock;
    private final Duration queryTimeout;
    private final ReadReplicas replicas;

    OpenDataService(
            Jdbi jdbi,
            DatasetStore store,
            Path spool,
            OpenDataMetrics metrics,
            AuditTrail audit,
            Clock clock,
            Duration queryTimeout,
            ReadReplicas replicas) {
        this.jdbi = jdbi;
        this.queryTimeout = queryTimeout;
        this.replicas = replicas;
        this.audit = audit;
        this.metrics = metrics;
        this.store = store;
        this.spool = spool;
        this.clock = clock;
    }

    DatasetStore.Stored create(KhidmaPrincipal caller, NewDataset metadata) {
        var publisher = requirePublisher(caller);
        var id = UUID.randomUUID();
        jdbi.useTransaction(h -> {
            if (metadata.name() != null) {
                if (!store.insert(h, id, metadata.name(), publisher, metadata, clock.instant())) {
                    throw ProblemException.of(
                            ProblemType.CONFLICT, "A dataset is already named " + metadata.name() + "; choose another");
                }
            } else if (DatasetNames.candidates(metadata.title().en(), id).stream()
                    .noneMatch(name -> store.insert(h, id, name, publisher, metadata, clock.instant()))) {
                throw ProblemException.of(
                        ProblemType.CONFLICT, "Every name made from this title is taken; choose a name");
            }
            audit.record(h, event("dataset.create", id, publisher).after(metadata));
        });
        return read(caller, id);
    }

    /** The dataset named {@code name} or with that id, if the caller may see it. */
    DatasetStore.Stored readByNameOrId(KhidmaPrincipal caller, String nameOrId) {
        UUID id;
        try {
            id = UUID.fromString(nameOrId);
        } catch (IllegalArgumentException notAnId) {
            id = jdbi.withHandle(h -> store.idOf(h, nameOrId))
                    .orElseThrow(
                            () -> ProblemException.of(ProblemType.NOT_FOUND, "No dataset " + Cells.shorten(nameOrId)));
        }
        return read(caller, id);
    }

    /** A dataset the caller may see: published, or a draft of the caller's own agency. */
    DatasetStore.Stored read(KhidmaPrincipal caller, UUID id) {
        var stored = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        if (stored.dataset().status() != DatasetStatus.PUBLISHED && !isPublisher(caller, stored.dataset())) {
            throw notFound(id);
        }
        return stored;
    }

    DatasetStore.Stored replace(KhidmaPrincipal caller, UUID id, String ifMatch, NewDataset metadata) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.of(ProblemType.PRECONDITION_REQUIRED, "Send If-Match with the ETag you read");
        }
        var current = own(caller, id);
        if (!ifMatch.trim().equals("*") && !ifMatch.trim().equals(current.etag())) {
            throw stale(id);
        }
        if (metadata.name() != null && !metadata.name().equals(current.dataset().name())) {
            throw invalid(
                    "name", "is " + current.dataset().name() + " and does not change: links to it must keep working");
        }
        // A new schema applies from the next upload; every version keeps the schema it was validated against.
        if (!jdbi.inTransaction(h -> {
            if (!store.replace(h, id, current.version(), metadata, clock.instant())) {
                return false;
            }
            audit.record(
                    h,
                    event("dataset.update", id, current.dataset().publisher())
                            .before(current.dataset())
                            .after(metadata));
            return true;
        })) {
            throw stale(id);
        }
        return read(caller, id);
    }

    void delete(KhidmaPrincipal caller, UUID id) {
        var current = own(caller, id);
        jdbi.useTransaction(h -> {
            for (var table : store.tables(h, id)) {
                h.execute(DataTable.dropTable(table));
            }
            store.delete(h, id);
            audit.record(
                    h,
                    event("dataset.delete", id, current.dataset().publisher()).before(current.dataset()));
        });
    }

    DatasetStore.Stored publish(KhidmaPrincipal caller, UUID id, boolean published) {
        var current = own(caller, id);
        if (published && current.dataset().latestVersion() == null) {
            throw ProblemException.of(ProblemType.CONFLICT, "Upload a version of the data before publishing");
        }
        jdbi.useTransaction(h -> {
            store.status(h, id, published ? DatasetStatus.PUBLISHED : DatasetStatus.DRAFT, clock.instant());
            audit.record(
                    h,
                    event(
                                    published ? "dataset.publish" : "dataset.unpublish",
                                    id,
                                    current.dataset().publisher())
                            .before(current.dataset()));
        });
        return read(caller, id);
    }

    /**
     * Published datasets (and the caller's agency's drafts) matching every condition given, with
     * the facet counts of all matches.
     */
    DatasetPage search(
            KhidmaPrincipal caller,
            String q,
            String publisher,
            String theme,
            String keyword,
            String format,
            Instant modifiedSince,
            Integer limit,
            String cursor) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw invalid("limit", "must be 1 to " + MAX_PAGE);
        }
        var own = caller == null ? null : caller.agency().orElse(null);
        var search = new DatasetSearch(
                own,
                SearchAnalysis.standard().tsquery(q),
                true,
                publisher,
                theme,
                keyword,
                modifiedSince,
                format == null ? null : ExportFormat.of(format).extension(),
                after(cursor));
        if (q != null && !q.isBlank() && search.tsquery() == null) {
            // Only stop words or punctuation: nothing can match, and that is not an error.
            return new DatasetPage(List.of(), null, new Facets(null, null, null, null));
        }
        return jdbi.withHandle(h -> page(h, search, size, true));
    }

    /** One page of the published datasets for harvesters, newest change first; no facets. */
    DatasetPage catalog(Instant modifiedSince, Integer limit, String cursor) {
        int size = limit == null ? MAX_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw invalid("limit", "must be 1 to " + MAX_PAGE);
        }
        var search = new DatasetSearch(null, null, false, null, null, null, modifiedSince, null, after(cursor));
        return jdbi.withHandle(h -> page(h, search, size, false));
    }

    private DatasetPage page(Handle h, DatasetSearch search, int size, boolean facets) {
        var hits = store.search(h, search, 0, size + 1);
        var page = hits.size() > size ? hits.subList(0, size) : hits;
        String next = null;
        if (hits.size() > size) {
            var last = page.get(page.size() - 1);
            var text = last.rank() + "|" + last.stored().dataset().modified() + "|"
                    + last.stored().dataset().id();
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
        var datasets = page.stream().map(hit -> hit.stored().dataset()).toList();
        return new DatasetPage(datasets, next, facets ? store.facets(h, search) : null);
    }

    /** A page by offset, with the count and facets of all matches: CKAN's way of paging. */
    record OffsetPage(List<Dataset> datasets, long count, Facets facets) {}

    OffsetPage searchByOffset(DatasetSearch search, int offset, int limit) {
        return jdbi.withHandle(h ->
                new OffsetPage(datasets(h, search, offset, limit), store.count(h, search), store.facets(h, search)));
    }

    /** The published datasets, newest change first, by offset; no count or facets (CKAN's package_list). */
    List<Dataset> publishedByOffset(int offset, int limit) {
        var search = new DatasetSearch(null, null, false, null, null, null, null, null, null);
        return jdbi.withHandle(h -> datasets(h, search, offset, limit));
    }

    private List<Dataset> datasets(Handle h, DatasetSearch search, int offset, int limit) {
        return store.search(h, search, offset, limit).stream()
                .map(hit -> hit.stored().dataset())
                .toList();
    }

    /** The rows of a page by offset (CKAN's datastore_search), with the total when asked. */
    RowPage rowsByOffset(
            DatasetStore.StoredVersion version,
            List<DataTable.Filter> filters,
            String sort,
            String fields,
            long offset,
            int limit,
            boolean includeTotal) {
        var schema = version.version().tableSchema();
        var sorts = DataTable.sorts(schema, sort);
        var projection = DataTable.projection(schema, fields);
        var page = read(
                version,
                h -> DataTable.page(h, version.table(), schema, filters, sorts, sort, projection, null, offset, limit));
        Long total = includeTotal ? total(version, filters) : null;
        metrics.rowsServed("rows", page.rows().size());
        return new RowPage(page.rows(), version.version().number(), null, total);
    }

    /** The number of matching rows: unfiltered, the count kept with the version; filtered, counted. */
    private long total(DatasetStore.StoredVersion version, List<DataTable.Filter> filters) {
        return filters.isEmpty()
                ? version.version().rowCount()
                : read(version, h -> DataTable.count(h, version.table(), filters));
    }

    private static DatasetSearch.After after(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            var parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            return new DatasetSearch.After(
                    Float.parseFloat(parts[0]), Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw invalid("cursor", "is not a cursor this API issued");
        }
    }

    /**
     * Loads an upload as the next version, in one transaction: valid, it becomes the latest;
     * invalid, a 422 and nothing changes.
     */
    DatasetVersion upload(KhidmaPrincipal caller, UUID id, InputStream body) {
        own(caller, id);
        try (var file = CsvFile.spool(body, spool)) {
            var loaded = jdbi.inTransaction(h -> {
                var dataset = store.lock(h, id).orElseThrow(() -> notFound(id)).dataset();
                var schema = dataset.tableSchema() != null ? dataset.tableSchema() : VersionLoader.infer(file);
                var table = DataTable.newName();
                var filled = VersionLoader.load(h, table, schema, file);
                boolean rollup = DailyRollup.build(h, table, schema);
                var version = new DatasetVersion(
                        next(dataset.latestVersion()),
                        filled.rows(),
                        file.bytes(),
                        file.sha256(),
                        clock.instant(),
                        schema);
                store.addVersion(
                        h,
                        id,
                        new DatasetStore.StoredVersion(version, table, rollup, -1, filled.formulaFields()),
                        dataset.metadata().withTableSchema(schema));
                audit.record(
                        h,
                        event("dataset.version.upload", id, dataset.publisher()).after(version));
                return version;
            });
            jdbi.useHandle(h -> store.recordCommitPosition(h, id, loaded.number()));
            return loaded;
        }
    }

    /**
     * Where a version's rows are read: a replica that has replayed the version's commit, or the
     * primary. The version itself was just read from the primary, so it is never older than the
     * dataset's latest.
     */
    private <T> T read(DatasetStore.StoredVersion version, HandleCallback<T, RuntimeException> work) {
        try (var handle = replicas.open(version.committedAt())) {
            return work.withHandle(handle);
        }
    }

    /** Versions are added only here, under the dataset's row lock: the next number follows the latest. */
    private static int next(Integer latest) {
        return latest == null ? 1 : latest + 1;
    }

    List<DatasetVersion> versions(KhidmaPrincipal caller, UUID id) {
        read(caller, id);
        return jdbi.withHandle(h -> store.versions(h, id)).stream()
                .map(DatasetStore.StoredVersion::version)
                .toList();
    }

    /** The version asked for (the latest when null) of a dataset the caller may read. */
    DatasetStore.StoredVersion version(KhidmaPrincipal caller, UUID id, Integer number) {
        return version(read(caller, id).dataset(), number);
    }

    /** The version asked for (the latest when null) of a dataset already read. */
    DatasetStore.StoredVersion version(Dataset dataset, Integer number) {
        var id = dataset.id();
        if (dataset.latestVersion() == null) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "Dataset " + id + " has no data yet");
        }
        int wanted = number == null ? dataset.latestVersion() : number;
        return jdbi.withHandle(h -> store.version(h, id, wanted))
                .orElseThrow(() ->
                        ProblemException.of(ProblemType.NOT_FOUND, "Dataset " + id + " has no version " + wanted));
    }

    RowPage rows(
            KhidmaPrincipal caller,
            UUID id,
            Integer number,
            List<String> filter,
            String q,
            String sort,
            String fields,
            Integer limit,
            String cursor,
            boolean includeTotal) {
        int size = limit == null ? DEFAULT_ROWS : limit;
        if (size < 1 || size > MAX_ROWS) {
            throw invalid("limit", "must be 1 to " + MAX_ROWS);
        }
        var version = version(caller, id, number);
        var schema = version.version().tableSchema();
        var filters = DataTable.filters(schema, filter, q);
        var sorts = DataTable.sorts(schema, sort);
        var projection = DataTable.projection(schema, fields);
        var after = cursor == null ? null : DataTable.Cursor.decode(cursor, sort);
        var page = read(
                version,
                h -> DataTable.page(h, version.table(), schema, filters, sorts, sort, projection, after, 0, size));
        Long total = includeTotal ? total(version, filters) : null;
        metrics.rowsServed("rows", page.rows().size());
        return new RowPage(
                page.rows(),
                version.version().number(),
                page.next() == null ? null : page.next().encode(),
                total);
    }

    /** Groups and aggregates a version's rows; see {@link Aggregation} for what may be asked. */
    AggregateResult aggregate(
            KhidmaPrincipal caller,
            UUID id,
            Integer number,
            String groupBy,
            String aggregate,
            List<String> filter,
            String q,
            List<String> having,
            String order,
            Integer limit,
            boolean includeTotal) {
        var version = version(caller, id, number);
        var schema = version.version().tableSchema();
        var plan = Aggregation.plan(schema, groupBy, aggregate, filter, q, having, order, limit);
        var result = bounded(
                version,
                "aggregation",
                h -> Aggregation.run(h, version.table(), version.rollup(), schema, plan, includeTotal));
        metrics.rowsServed("aggregate", result.groups().size());
        return new AggregateResult(version.version().number(), plan.columns(), result.groups(), result.total());
    }

    /** Runs a plan made elsewhere (CKAN's distinct search) on a version, bounded like {@link #aggregate}. */
    Aggregation.Result aggregate(DatasetStore.StoredVersion version, Aggregation.Plan plan, boolean includeTotal) {
        var result = bounded(
                version,
                "search",
                h -> Aggregation.run(
                        h, version.table(), version.rollup(), version.version().tableSchema(), plan, includeTotal));
        metrics.rowsServed("rows", result.groups().size());
        return result;
    }

    /**
     * Runs {@code work} in a read transaction whose statements PostgreSQL cancels after the query
     * timeout; a cancelled one is a 503, and the connection goes back to the pool at once.
     */
    private <T> T bounded(DatasetStore.StoredVersion version, String what, HandleCallback<T, RuntimeException> work) {
        try {
            return read(
                    version,
                    handle -> handle.inTransaction(h -> {
                        h.execute("SET LOCAL statement_timeout = " + queryTimeout.toMillis());
                        return work.withHandle(h);
                    }));
        } catch (StatementException e) {
            if (e.getCause() instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                throw ProblemException.of(
                        ProblemType.SERVICE_UNAVAILABLE,
                        "The " + what + " ran past its limit of " + queryTimeout.toMillis()
                                + " ms and was stopped; narrow it with filters or fewer groups");
            }
            throw e;
        }
    }

    /**
     * Streams the rows in {@code format}, inside one transaction (CSV through {@link CsvExport},
     * the others through a server-side cursor fetching them in batches); returns how many rows it
     * wrote.
     */
    long export(
            DatasetStore.StoredVersion version,
            List<DataTable.Filter> filters,
            ExportFormat format,
            boolean neutralise,
            boolean arabic,
            OutputStream out)
            throws IOException {
        var schema = version.version().tableSchema();
        if (format == ExportFormat.CSV) {
            var neutralised = neutralise ? version.formulaFields() : Set.<Integer>of();
            return inTransaction(version, h -> CsvExport.write(h, version.table(), schema, filters, neutralised, out));
        }
        var writer = format.writer(schema, neutralise, arabic, out);
        writer.start();
        long rows = inTransaction(version, h -> DataTable.export(h, version.table(), schema, filters, writer));
        writer.finish();
        return rows;
    }

    /** Writes part of an export from the rows {@code h} reads. */
    private interface ExportWork {
        long on(Handle h) throws IOException;
    }

    /**
     * Runs {@code work} in a transaction on the version's database; a failure to write (the client
     * went away, or the connection broke) stops the reading and is thrown as it was.
     */
    private long inTransaction(DatasetStore.StoredVersion version, ExportWork work) throws IOException {
        try {
            return read(
                    version,
                    handle -> handle.inTransaction(h -> {
                        try {
                            return work.on(h);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Records an export that was served, for the metrics. */
    void exported(ExportFormat format, long rows, long bytes) {
        metrics.rowsServed("export", rows);
        metrics.bytesServed(format, bytes);
    }

    private static AuditEvent event(String action, UUID dataset, String publisher) {
        return AuditEvent.of(action, "dataset", dataset.toString(), publisher);
    }

    private DatasetStore.Stored own(KhidmaPrincipal caller, UUID id) {
        var publisher = requirePublisher(caller);
        var stored = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        if (!stored.dataset().publisher().equals(publisher)) {
            throw ProblemException.of(
                    ProblemType.FORBIDDEN, "Only agency " + stored.dataset().publisher() + " may change this dataset");
        }
        return stored;
    }

    private static boolean isPublisher(KhidmaPrincipal caller, Dataset dataset) {
        return caller != null
                && caller.agency().filter(dataset.publisher()::equals).isPresent();
    }

    private static String requirePublisher(KhidmaPrincipal caller) {
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "Publishing needs an agency's bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
        if (caller.kind() != KhidmaPrincipal.Kind.AGENCY_CLIENT
                || caller.agency().isEmpty()) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only an agency publishes datasets");
        }
        if (!caller.hasScope(PUBLISH_SCOPE)) {
            throw ProblemException.of(ProblemType.INSUFFICIENT_SCOPE, "Publishing needs scope " + PUBLISH_SCOPE)
                    .withHeader(
                            "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + PUBLISH_SCOPE + "\"");
        }
        return caller.agency().get();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No dataset " + id);
    }

    private static ProblemException stale(UUID id) {
        return ProblemException.of(
                ProblemType.PRECONDITION_FAILED, "Dataset " + id + " changed since that ETag; read it again");
    }

    static ProblemException invalid(String field, String reason) {
        return ProblemException.of(
                ProblemType.INVALID_INPUT,
                field + " " + reason,
                List.of(new FieldError(field, "invalid-value", reason)));
    }
}
