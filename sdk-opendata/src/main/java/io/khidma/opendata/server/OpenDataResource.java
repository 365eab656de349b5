package io.khidma.opendata.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.MaxRequestBody;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.DatasetVersionList;
import io.khidma.opendata.model.NewDataset;
import io.khidma.opendata.server.api.DatasetsApi;
import io.khidma.opendata.server.api.HarvestingApi;
import io.khidma.opendata.server.api.RowsApi;
import io.khidma.opendata.server.api.VersionsApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The open-data API: implements the interfaces generated from {@code opendata.yaml}. Thin: parse,
 * call {@link OpenDataService}, map to the response.
 */
@Path("/")
public final class OpenDataResource implements DatasetsApi, VersionsApi, RowsApi, HarvestingApi {

    private final OpenDataService service;
    private final OpenDataOptions options;
    private final ExportRanges ranges = new ExportRanges();

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    OpenDataResource(OpenDataService service, OpenDataOptions options) {
        this.service = service;
        this.options = options;
    }

    @Override
    public Response createDataset(NewDataset newDataset) {
        var created = service.create(caller(), ProblemException.requireBody(newDataset));
        var location = uri.getBaseUriBuilder()
                .path("datasets")
                .path(created.dataset().id().toString())
                .build();
        return Response.created(location)
                .entity(created.dataset())
                .tag(tag(created))
                .build();
    }

    @Override
    public Response listDatasets(
            String q,
            String publisher,
            String theme,
            String keyword,
            String format,
            OffsetDateTime modifiedSince,
            Integer limit,
            String cursor) {
        var since = modifiedSince == null ? null : modifiedSince.toInstant();
        return Response.ok(service.search(caller(), q, publisher, theme, keyword, format, since, limit, cursor))
                .build();
    }

    @Override
    public Response getDataset(UUID id) {
        var stored = service.read(caller(), id);
        var type = negotiate(MediaType.APPLICATION_JSON_TYPE, DcatAp.JSON_LD, DcatAp.TURTLE);
        if (type == MediaType.APPLICATION_JSON_TYPE) {
            return Response.ok(stored.dataset()).tag(tag(stored)).build();
        }
        var rdf = new DcatAp(uri.getBaseUri(), options.publisherNames());
        rdf.dataset(stored.dataset());
        return Response.ok((StreamingOutput) out -> rdf.write(type, out), type)
                .tag(tag(stored))
                .header("Vary", "Accept")
                .build();
    }

    @Override
    public Response getCatalog(OffsetDateTime modifiedSince, Integer limit, String cursor) {
        var type = negotiate(DcatAp.JSON_LD, DcatAp.TURTLE);
        var page = service.catalog(modifiedSince == null ? null : modifiedSince.toInstant(), limit, cursor);
        var here = uri.getRequestUri();
        var next = page.next() == null
                ? null
                : uri.getRequestUriBuilder()
                        .replaceQueryParam("cursor", page.next())
                        .build();
        var rdf = new DcatAp(uri.getBaseUri(), options.publisherNames());
        rdf.catalog(
                options.catalogTitle(),
                options.catalogDescription(),
                options.catalogPublisher(),
                page.items(),
                here,
                next);
        var response =
                Response.ok((StreamingOutput) out -> rdf.write(type, out), type).header("Vary", "Accept");
        if (next != null) {
            response.link(next, "next");
        }
        return response.build();
    }

    /** The first of {@code offered} the request accepts, in the order of its preference; the first offered when none. */
    private MediaType negotiate(MediaType... offered) {
        for (var accepted : headers.getAcceptableMediaTypes()) {
            for (var type : offered) {
                if (accepted.isCompatible(type)) {
                    return type;
                }
            }
        }
        return offered[0];
    }

    @Override
    public Response replaceDataset(UUID id, String ifMatch, NewDataset newDataset) {
        var replaced = service.replace(caller(), id, ifMatch, ProblemException.requireBody(newDataset));
        return Response.ok(replaced.dataset()).tag(tag(replaced)).build();
    }

    @Override
    public Response deleteDataset(UUID id) {
        service.delete(caller(), id);
        return Response.noContent().build();
    }

    @Override
    public Response publishDataset(UUID id) {
        return Response.ok(service.publish(caller(), id, true).dataset()).build();
    }

    @Override
    public Response unpublishDataset(UUID id) {
        return Response.ok(service.publish(caller(), id, false).dataset()).build();
    }

    @Override
    @MaxRequestBody(bytes = OpenDataFeature.MAX_UPLOAD_BYTES)
    public Response uploadVersion(UUID id, InputStream body) {
        var version = service.upload(caller(), id, body);
        var location = uri.getBaseUriBuilder()
                .path("datasets")
                .path(id.toString())
                .queryParam("version", version.number())
                .build();
        return Response.created(location).entity(version).build();
    }

    @Override
    public Response listVersions(UUID id) {
        return Response.ok(new DatasetVersionList(service.versions(caller(), id)))
                .build();
    }

    @Override
    public Response queryRows(
            UUID id,
            Integer version,
            List<String> filter,
            String q,
            String sort,
            String fields,
            Integer limit,
            String cursor,
            Boolean includeTotal) {
        return Response.ok(service.rows(
                        caller(),
                        id,
                        version,
                        filter,
                        q,
                        sort,
                        fields,
                        limit,
                        cursor,
                        Boolean.TRUE.equals(includeTotal)))
                .build();
    }

    @Override
    public Response aggregateRows(
            UUID id,
            Integer version,
            String groupBy,
            String aggregate,
            List<String> filter,
            String q,
            List<String> having,
            String order,
            Integer limit,
            Boolean includeTotal) {
        return Response.ok(service.aggregate(
                        caller(),
                        id,
                        version,
                        groupBy,
                        aggregate,
                        filter,
                        q,
                        having,
                        order,
                        limit,
                        Boolean.TRUE.equals(includeTotal)))
                .build();
    }

    @Override
    public Response exportRows(
            UUID id,
            Integer version,
            List<String> filter,
            String q,
            String format,
            Boolean neutraliseFormulas,
            String lang,
            String ifNoneMatch,
            String range,
            String ifRange) {
        var exportFormat = ExportFormat.of(format);
        boolean arabic = !"en".equals(lang);
        var dataset = service.read(caller(), id).dataset();
        var stored = service.version(dataset, version);
        var filters = DataTable.filters(stored.version().tableSchema(), filter, q);
        if (!exportFormat.availableFor(stored.version().tableSchema())) {
            throw OpenDataService.invalid("format", "geojson needs numeric latitude and longitude fields");
        }
        boolean neutralise = !Boolean.FALSE.equals(neutraliseFormulas);
        // One tag per version and representation: the same query of the same version is the same bytes.
        var etag = new EntityTag("v" + stored.version().number() + "-"
                + Integer.toHexString(
                        List.of(String.valueOf(filter), String.valueOf(q), exportFormat, neutralise, arabic)
                                .hashCode()));
        if (ifNoneMatch != null
                && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains("\"" + etag.getValue() + "\""))) {
            return Response.notModified(etag).build();
        }
        var lengthKey = id + " " + etag.getValue();
        Export export = out -> service.export(stored, filters, exportFormat, neutralise, arabic, out);
        var disposition = "attachment; filename=\"" + fileName(dataset.title().en(), stored, exportFormat) + "\"";
        var requested = exportFormat.rangeable()
                ? ExportRanges.requested(range, ifRange, etag.getValue())
                : Optional.<long[]>empty();
        if (requested.isPresent()) {
            long length = ranges.knownLength(lengthKey).orElseGet(() -> measure(export, lengthKey));
            var slice = ExportRanges.within(requested.get(), length);
            if (slice.isEmpty()) {
                return Response.status(416)
                        .header("Content-Range", "bytes */" + length)
                        .tag(etag)
                        .build();
            }
            StreamingOutput body = output -> {
                long rows = export.writeTo(new ExportRanges.Slice(output, slice.get()));
                service.exported(exportFormat, rows, slice.get().size());
            };
            return Response.status(206)
                    .entity(body)
                    .type(exportFormat.mediaType)
                    .tag(etag)
                    .header("Content-Range", slice.get().contentRange())
                    .header(HttpHeaders.CONTENT_LENGTH, slice.get().size())
                    .header("Content-Disposition", disposition)
                    .build();
        }
        boolean gzip = exportFormat.compressible() && acceptsGzip();
        StreamingOutput body = output -> {
            var stream = gzip ? new GZIPOutputStream(output, 1 << 16) : output;
            var counted = new ExportRanges.Counting(stream);
            long rows = export.writeTo(counted);
            if (stream instanceof GZIPOutputStream compressed) {
                compressed.finish();
            }
            service.exported(exportFormat, rows, counted.count());
            if (exportFormat.rangeable()) {
                // Complete: its length serves later range requests without measuring.
                ranges.remember(lengthKey, counted.count());
            }
        };
        var response = Response.ok(body, exportFormat.mediaType)
                .tag(etag)
                .header("Content-Disposition", disposition)
                .header("Accept-Ranges", exportFormat.rangeable() ? "bytes" : "none")
                .header("Vary", "Accept-Encoding");
        if (gzip) {
            response.header("Content-Encoding", "gzip");
        } else {
            ranges.knownLength(lengthKey).ifPresent(length -> response.header(HttpHeaders.CONTENT_LENGTH, length));
        }
        return response.build();
    }

    /** Writes an export's uncompressed bytes; returns how many rows it wrote. */
    @FunctionalInterface
    private interface Export {
        long writeTo(OutputStream out) throws IOException;
    }

    /** The export's length, by producing it into nothing; remembered. */
    private long measure(Export export, String lengthKey) {
        var counted = new ExportRanges.Counting(OutputStream.nullOutputStream());
        try {
            export.writeTo(counted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ranges.remember(lengthKey, counted.count());
        return counted.count();
    }

    /** e.g. {@code service-centres-v3.csv}: the English title in lower-case ASCII words. */
    static String fileName(String title, DatasetStore.StoredVersion version, ExportFormat format) {
        var slug = title == null ? "" : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "dataset" : slug) + "-v" + version.version().number() + "." + format.extension();
    }

    private boolean acceptsGzip() {
        var accepted = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        return accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }

    private static EntityTag tag(DatasetStore.Stored stored) {
        return new EntityTag(String.valueOf(stored.version()));
    }
}
