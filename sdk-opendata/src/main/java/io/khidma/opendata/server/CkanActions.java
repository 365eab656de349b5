package io.khidma.opendata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Text;
import io.khidma.opendata.model.DataTheme;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.Facet;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The actions of the CKAN-compatible API, over the same service as the native one: datasets as
 * CKAN packages (one datastore resource each, with the dataset's id), CKAN's parameters and
 * result shapes. Parameters come as a map, from a query string or a JSON body alike.
 */
final class CkanActions {

    /** A parameter CKAN would refuse: becomes a 409 {@code Validation Error} naming it. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private static final Pattern FQ_TERM = Pattern.compile("\\s*(?:AND\\s+)?\\+?([a-z_]+):(?:\"([^\"]*)\"|(\\S+))");
    private static final List<String> FACETS = List.of("organization", "groups", "tags", "res_format");
    private static final String DEFAULT_SORT = "score desc, metadata_modified desc";
    private static final int MAX_ROWS = 1_000;

    private final OpenDataService service;
    private final Function<String, Text> publisherNames;

    CkanActions(OpenDataService service, Function<String, Text> publisherNames) {
        this.service = service;
        this.publisherNames = publisherNames;
    }

    List<String> packageList(Map<String, Object> params) {
        int limit = integer(params, "limit", 1_000, 1, 10_000);
        int offset = integer(params, "offset", 0, 0, Integer.MAX_VALUE);
        return service.publishedByOffset(offset, limit).stream()
                .map(Dataset::name)
                .toList();
    }

    Map<String, Object> packageSearch(Map<String, Object> params, URI base) {
        var q = text(params, "q");
        if (q != null && (q.isBlank() || q.equals("*:*"))) {
            q = null;
        }
        var sort = text(params, "sort");
        boolean ranked;
        if (sort == null || sort.equals(DEFAULT_SORT) || sort.equals("score desc")) {
            ranked = true;
        } else if (sort.equals("metadata_modified desc")) {
            ranked = false;
        } else {
            throw new Invalid("sort", "sort must be '" + DEFAULT_SORT + "' or 'metadata_modified desc'");
        }
        var terms = fq(text(params, "fq"));
        int rows = integer(params, "rows", 10, 0, MAX_ROWS);
        int start = integer(params, "start", 0, 0, Integer.MAX_VALUE);
        var format = terms.remove("res_format");
        var result = new LinkedHashMap<String, Object>();
        var tsquery = q == null ? null : SearchAnalysis.standard().tsquery(q);
        OpenDataService.OffsetPage page;
        var known = format == null
                ? null
                : Arrays.stream(ExportFormat.values())
                        .filter(f -> f.extension().equalsIgnoreCase(format))
                        .findFirst();
        if ((q != null && tsquery == null) || (known != null && known.isEmpty())) {
            page = new OpenDataService.OffsetPage(List.of(), 0, null);
        } else {
            var search = new DatasetSearch(
                    null,
                    tsquery,
                    ranked,
                    terms.get("organization"),
                    terms.get("groups"),
                    terms.get("tags"),
                    null,
                    known == null ? null : known.get().extension(),
                    null);
            page = service.searchByOffset(search, start, rows);
        }
        result.put("count", page.count());
        result.put("sort", sort == null ? DEFAULT_SORT : sort);
        result.put(
                "results",
                page.datasets().stream().map(d -> packageDict(d, base)).toList());
        var facets = new LinkedHashMap<String, Object>();
        var searchFacets = new LinkedHashMap<String, Object>();
        for (var field : facetFields(params)) {
            List<Facet> counts = page.facets() == null
                    ? List.of()
                    : switch (field) {
                        case "organization" -> page.facets().publisher();
                        case "groups" -> page.facets().theme();
                        case "tags" -> page.facets().keyword();
                        default ->
                            page.facets().format().stream()
                                    .map(f -> new Facet(f.value().toUpperCase(Locale.ROOT), f.count()))
                                    .toList();
                    };
            var map = new LinkedHashMap<String, Long>();
            var items = new ArrayList<Map<String, Object>>();
            for (var facet : counts) {
                map.put(facet.value(), facet.count());
                items.add(Map.of(
                        "name",
                        facet.value(),
                        "display_name",
                        displayName(field, facet.value()),
                        "count",
                        facet.count()));
            }
            facets.put(field, map);
            searchFacets.put(field, Map.of("title", field, "items", items));
        }
        result.put("facets", facets);
        result.put("search_facets", searchFacets);
        return result;
    }

    Map<String, Object> packageShow(KhidmaPrincipal caller, Map<String, Object> params, URI base) {
        var id = text(params, "id");
        if (id == null) {
            throw new Invalid("id", "Missing value");
        }
        return packageDict(service.readByNameOrId(caller, id).dataset(), base);
    }

    Map<String, Object> datastoreSearch(KhidmaPrincipal caller, Map<String, Object> params, URI base) {
        var id = datasetId(params, "resource_id");
        var version = service.version(caller, id, null);
        var schema = version.version().tableSchema();
        var filters = new ArrayList<>(DataTable.filters(schema, null, text(params, "q")));
        var rawFilters = json(params, "filters");
        if (rawFilters != null) {
            if (!(rawFilters instanceof Map<?, ?> map)) {
                throw new Invalid("filters", "filters must be a JSON object of field to value");
            }
            for (var entry : map.entrySet()) {
                var values = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
                filters.add(DataTable.oneOf(
                        schema,
                        String.valueOf(entry.getKey()),
                        values.stream().map(String::valueOf).toList()));
            }
        }
        int limit = integer(params, "limit", 100, 0, MAX_ROWS);
        int offset = integer(params, "offset", 0, 0, Integer.MAX_VALUE);
        var sort = sort(text(params, "sort"));
        var fields = text(params, "fields");
        var includeTotal = !Boolean.FALSE.equals(bool(params, "include_total"));
        var format = text(params, "records_format");
        if (format == null) {
            format = "objects";
        } else if (!List.of("objects", "lists", "csv").contains(format)) {
            throw new Invalid("records_format", "records_format must be objects, lists or csv");
        }
        var projection = DataTable.projection(schema, fields);
        List<Map<String, Object>> rows;
        Long total;
        if (Boolean.TRUE.equals(bool(params, "distinct"))) {
            var plan = Aggregation.distinct(schema, projection, filters, sort, Math.max(limit, 1), offset);
            var distinct = service.aggregate(version, plan, includeTotal);
            rows = distinct.groups();
            total = distinct.total();
        } else {
            var page = service.rowsByOffset(version, filters, sort, fields, offset, Math.max(limit, 1), includeTotal);
            rows = page.items();
            total = page.total();
        }
        if (limit == 0) {
            rows = List.of();
        }
        var projected = projection.stream().map(i -> schema.fields().get(i)).toList();
        var result = new LinkedHashMap<String, Object>();
        result.put("resource_id", id.toString());
        result.put(
                "fields",
                projected.stream()
                        .map(f -> Map.of("id", f.name(), "type", ckanType(f.type())))
                        .toList());
        result.put("records_format", format);
        result.put("records", records(format, rows, new TableSchema(projected, List.of(), null)));
        result.put("limit", limit);
        result.put("offset", offset);
        if (includeTotal) {
            result.put("total", total);
            result.put("total_was_estimated", false);
        }
        var here = "/api/3/action/datastore_search?resource_id=" + id;
        result.put("_links", Map.of("start", here, "next", here + "&offset=" + (offset + limit)));
        return result;
    }

    private static Object records(String format, List<Map<String, Object>> rows, TableSchema projected) {
        return switch (format) {
            case "lists" ->
                rows.stream()
                        .map(row -> projected.fields().stream()
                                .map(f -> row.get(f.name()))
                                .toList())
                        .toList();
            case "csv" -> {
                var out = new StringWriter();
                try {
                    var writer = ExportFormat.CSV.writer(projected, false, out);
                    for (var row : rows) {
                        var values = new ArrayList<>();
                        projected.fields().forEach(f -> values.add(row.get(f.name())));
                        writer.row(values);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield out.toString();
            }
            default -> rows;
        };
    }

    /** CKAN's {@code "a asc, b desc"} as this API's {@code "a,-b"}. */
    private static String sort(String ckan) {
        if (ckan == null || ckan.isBlank()) {
            return null;
        }
        var parts = new ArrayList<String>();
        for (var key : ckan.split(",")) {
            var words = key.trim().split("\\s+");
            if (words.length > 2 || (words.length == 2 && !words[1].matches("(?i)asc|desc"))) {
                throw new Invalid("sort", "sort is a list of '<field> asc|desc'");
            }
            var name = words[0].replace("\"", "");
            parts.add(words.length == 2 && words[1].equalsIgnoreCase("desc") ? "-" + name : name);
        }
        return String.join(",", parts);
    }

    private Map<String, Object> packageDict(Dataset dataset, URI base) {
        var dict = new LinkedHashMap<String, Object>();
        var id = dataset.id().toString();
        dict.put("id", id);
        dict.put("name", dataset.name());
        dict.put("title", dataset.title().en());
        dict.put("title_translated", translated(dataset.title()));
        dict.put("notes", dataset.description().en());
        dict.put("notes_translated", translated(dataset.description()));
        dict.put("type", "dataset");
        dict.put("state", "active");
        dict.put("private", false);
        dict.put("url", base.resolve("datasets/" + id).toString());
        dict.put("license_id", dataset.licence().toString());
        dict.put("license_url", dataset.licence().toString());
        dict.put("maintainer", dataset.contactPoint().name());
        dict.put("maintainer_email", dataset.contactPoint().email());
        dict.put("version", dataset.latestVersion() == null ? null : String.valueOf(dataset.latestVersion()));
        dict.put(
                "frequency",
                dataset.updateFrequency() == null
                        ? null
                        : dataset.updateFrequency().name());
        dict.put("metadata_created", ckanTime(dataset.issued()));
        dict.put("metadata_modified", ckanTime(dataset.modified()));
        var publisher = publisherNames.apply(dataset.publisher());
        var organization = new LinkedHashMap<String, Object>();
        organization.put("id", dataset.publisher());
        organization.put("name", dataset.publisher());
        organization.put("title", publisher == null ? dataset.publisher() : publisher.en());
        if (publisher != null) {
            organization.put("title_translated", translated(publisher));
        }
        dict.put("owner_org", dataset.publisher());
        dict.put("organization", organization);
        dict.put(
                "tags",
                dataset.keywords().stream()
                        .map(k -> Map.of("name", k, "display_name", k))
                        .toList());
        dict.put("num_tags", dataset.keywords().size());
        dict.put(
                "groups",
                dataset.themes().stream()
                        .map(t -> Map.of(
                                "name",
                                t,
                                "title",
                                DataTheme.valueOf(t).label().en(),
                                "display_name",
                                displayName("groups", t)))
                        .toList());
        var resources = new ArrayList<Map<String, Object>>();
        if (dataset.latestVersion() != null) {
            var resource = new LinkedHashMap<String, Object>();
            resource.put("id", id);
            resource.put("package_id", id);
            resource.put("name", dataset.title().en());
            resource.put("format", "CSV");
            resource.put("mimetype", "text/csv");
            resource.put("url", base.resolve("datastore/dump/" + id).toString());
            resource.put("datastore_active", true);
            resource.put("last_modified", ckanTime(dataset.modified()));
            resources.add(resource);
            // The other download formats, as plain resources: their ids are derived, stable, and not in the datastore.
            for (var format : ExportFormat.availableFormats(dataset.tableSchema())) {
                if (format == ExportFormat.CSV) {
                    continue;
                }
                var download = new LinkedHashMap<String, Object>();
                download.put(
                        "id",
                        UUID.nameUUIDFromBytes((id + "/" + format.extension()).getBytes(StandardCharsets.UTF_8))
                                .toString());
                download.put("package_id", id);
                download.put(
                        "name", dataset.title().en() + " (" + format.extension().toUpperCase(Locale.ROOT) + ")");
                download.put("format", format.extension().toUpperCase(Locale.ROOT));
                download.put("mimetype", format.mediaType.getType() + "/" + format.mediaType.getSubtype());
                download.put(
                        "url",
                        base.resolve("datasets/" + id + "/export?format=" + format.extension())
                                .toString());
                download.put("datastore_active", false);
                download.put("last_modified", ckanTime(dataset.modified()));
                resources.add(download);
            }
        }
        dict.put("resources", resources);
        dict.put("num_resources", resources.size());
        return dict;
    }

    private static Map<String, String> translated(Text text) {
        var map = new LinkedHashMap<String, String>();
        map.put("ar", text.ar());
        map.put("en", text.en());
        return map;
    }

    private String displayName(String facet, String value) {
        return switch (facet) {
            case "groups" ->
                DataTheme.isTheme(value) ? DataTheme.valueOf(value).label().en() : value;
            case "organization" -> {
                var name = publisherNames.apply(value);
                yield name == null ? value : name.en();
            }
            default -> value;
        };
    }

    /** CKAN writes UTC times without a zone: {@code 2026-11-23T10:15:30.123456}. */
    private static String ckanTime(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
    }

    private static String ckanType(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case INTEGER -> "int8";
            case NUMBER -> "numeric";
            case BOOLEAN -> "bool";
            case DATE -> "date";
            case DATETIME -> "timestamp";
            case YEAR -> "int4";
        };
    }

    /** {@code organization:rta tags:"service centres"} as field to value; one value per field. */
    private static Map<String, String> fq(String fq) {
        var terms = new LinkedHashMap<String, String>();
        if (fq == null || fq.isBlank()) {
            return terms;
        }
        var matcher = FQ_TERM.matcher(fq);
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            var field = matcher.group(1);
            if (!FACETS.contains(field)) {
                throw new Invalid("fq", "fq filters on " + String.join(", ", FACETS) + "; not " + field);
            }
            if (terms.put(field, matcher.group(2) != null ? matcher.group(2) : matcher.group(3)) != null) {
                throw new Invalid("fq", "fq takes one value of " + field);
            }
            end = matcher.end();
        }
        if (!fq.substring(end).isBlank()) {
            throw new Invalid(
                    "fq", "fq is a list of <field>:<value> terms; could not read " + Cells.shorten(fq.substring(end)));
        }
        return terms;
    }

    private static List<String> facetFields(Map<String, Object> params) {
        var raw = json(params, "facet.field");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new Invalid("facet.field", "facet.field is a JSON list of field names");
        }
        var fields = new ArrayList<String>();
        for (var item : list) {
            var name = String.valueOf(item);
            if (!FACETS.contains(name)) {
                throw new Invalid("facet.field", "facets are " + String.join(", ", FACETS) + "; not " + name);
            }
            fields.add(name);
        }
        return fields;
    }

    private static UUID datasetId(Map<String, Object> params, String name) {
        var id = text(params, name);
        if (id == null) {
            throw new Invalid(name, "Missing value");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "Not found: " + Cells.shorten(id));
        }
    }

    private static String text(Map<String, Object> params, String name) {
        var value = params.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new Invalid(name, name + " must be text");
        }
        return String.valueOf(value);
    }

    private static Boolean bool(Map<String, Object> params, String name) {
        var value = params.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        return switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Invalid(name, name + " must be true or false");
        };
    }

    private static int integer(Map<String, Object> params, String name, int fallback, int min, int max) {
        var value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long number = value instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(String.valueOf(value).trim());
            if (number < min || number > max) {
                throw new Invalid(name, name + " must be " + min + " to " + max);
            }
            return (int) number;
        } catch (NumberFormatException e) {
            throw new Invalid(name, "Invalid integer");
        }
    }

    /** A JSON parameter: as sent in a JSON body, or JSON text in a query string. */
    private static Object json(Map<String, Object> params, String name) {
        var value = params.get(name);
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return KhidmaJson.mapper().readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new Invalid(name, name + " is not valid JSON");
        }
    }
}
