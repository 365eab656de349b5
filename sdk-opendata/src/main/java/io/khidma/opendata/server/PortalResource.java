package io.khidma.opendata.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import io.khidma.opendata.server.api.PortalApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * The data portal: the pages of {@link PortalPages} over the same service as the API, so a page
 * shows exactly what the API calls it lists would answer. Served under a CSP that allows nothing
 * but this server's stylesheet and forms.
 */
@Path("/")
public final class PortalResource implements PortalApi {

    /** Datasets in a page of search results. */
    static final int RESULTS = 20;
    /** Rows in a page of the table. */
    static final int ROWS = 20;
    /** Groups a chart shows at most. */
    static final int CHART_GROUPS = 60;

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private final OpenDataService service;
    private final PortalPages pages;

    @Context
    private UriInfo uri;

    @Context
    private SecurityContext security;

    PortalResource(OpenDataService service, OpenDataOptions options) {
        this.service = service;
        this.pages = new PortalPages(options.publisherNames());
    }

    @Override
    public Response portalSearch(
            String lang, String q, String publisher, String theme, String keyword, String format, String cursor) {
        var language = language(lang);
        var page = service.search(caller(), blankToNull(q), publisher, theme, keyword, format, null, RESULTS, cursor);
        var conditions = new LinkedHashMap<String, String>();
        putIfPresent(conditions, "q", blankToNull(q));
        putIfPresent(conditions, "publisher", publisher);
        putIfPresent(conditions, "theme", theme);
        putIfPresent(conditions, "keyword", keyword);
        putIfPresent(conditions, "format", format);
        return html(pages.search(prefix(), language, conditions, page));
    }

    @Override
    public Response portalDataset(
            UUID id,
            String lang,
            List<String> filter,
            String q,
            String field,
            String op,
            String value,
            String cursor,
            String group,
            String measure,
            String chart) {
        var language = language(lang);
        var caller = caller();
        var dataset = service.read(caller, id).dataset();
        var version = service.version(dataset, null);
        var schema = version.version().tableSchema();
        var filters = new ArrayList<String>(filter == null ? List.of() : filter);
        if (field != null && op != null && value != null && !value.isBlank()) {
            filters.add(field + ":" + op + ":" + value);
        }
        var text = blankToNull(q);
        var rows = service.rows(caller, id, null, filters, text, null, null, ROWS, cursor, true);
        var groups = groupChoices(schema);
        var measures = measureChoices(schema);
        var grouped = group == null || group.isBlank() ? groups.get(0) : group;
        var measured = measure == null || measure.isBlank() ? "count" : measure;
        var chartData = service.aggregate(
                caller, id, null, grouped, measured, filters, text, null, grouped, CHART_GROUPS, false);
        var view = new PortalPages.DatasetView(
                dataset,
                filters,
                text,
                rows,
                grouped,
                measured,
                "line".equals(chart),
                groups,
                measures,
                chartData,
                ExportFormat.availableFormats(schema));
        return html(pages.dataset(prefix(), language, view));
    }

    @Override
    public Response portalStylesheet() {
        var cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(PortalPages.STYLESHEET, new MediaType("text", "css", "UTF-8"))
                .cacheControl(cache)
                .build();
    }

    /**
     * What a chart can group by, likeliest first: dates by month (then year, week, day), then
     * fields with a fixed list of values, other text, booleans and years, integers, and last the
     * primary key (one group a row). Numbers are not offered: each value would be its own group.
     */
    static List<String> groupChoices(TableSchema schema) {
        var choices = new ArrayList<String>();
        for (var field : schema.fields()) {
            if (field.type() == FieldType.DATE || field.type() == FieldType.DATETIME) {
                for (var bucket : List.of("month", "year", "week", "day")) {
                    choices.add(bucket + "(" + field.name() + ")");
                }
            }
        }
        schema.fields().stream()
                .filter(field -> field.type() != FieldType.DATE
                        && field.type() != FieldType.DATETIME
                        && field.type() != FieldType.NUMBER)
                .sorted(Comparator.comparingInt(field -> likeliness(schema, field)))
                .forEach(field -> choices.add(field.name()));
        return choices;
    }

    private static int likeliness(TableSchema schema, Field field) {
        if (schema.primaryKey().contains(field.name())) {
            return 5;
        }
        boolean listed = field.constraints() != null
                && field.constraints().allowed() != null
                && !field.constraints().allowed().isEmpty();
        return switch (field.type()) {
            case STRING -> listed ? 0 : 1;
            case BOOLEAN, YEAR -> 2;
            default -> listed ? 0 : 3;
        };
    }

    /** What a chart can show: the count of rows, and the sum, average, least and greatest of numbers. */
    static List<String> measureChoices(TableSchema schema) {
        var choices = new ArrayList<String>();
        choices.add("count");
        for (var field : schema.fields()) {
            if (field.type() == FieldType.INTEGER || field.type() == FieldType.NUMBER) {
                for (var function : List.of("sum", "avg", "min", "max")) {
                    choices.add(function + "(" + field.name() + ")");
                }
            }
        }
        return choices;
    }

    private Response html(String page) {
        return Response.ok(page, HTML)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Cache-Control", "no-cache")
                .build();
    }

    /** The path the API lives under, ending in a slash: links stay right behind a proxy's prefix. */
    private String prefix() {
        var path = uri.getBaseUri().getRawPath();
        return path.endsWith("/") ? path : path + "/";
    }

    private static String language(String lang) {
        return "en".equals(lang) ? "en" : "ar";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static void putIfPresent(LinkedHashMap<String, String> map, String name, String value) {
        if (value != null && !value.isBlank()) {
            map.put(name, value);
        }
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }
}
