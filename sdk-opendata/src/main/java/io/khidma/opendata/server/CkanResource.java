package io.khidma.opendata.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.server.api.CkanApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The CKAN-compatible Action API: implements the {@code ckan} interface generated from {@code
 * opendata.yaml}. Each action takes its parameters from the query string (GET) or a JSON object
 * (POST), and answers in CKAN's envelope: {@code {help, success, result}}, or {@code {help,
 * success: false, error: {__type, message}}} with CKAN's statuses (409 for invalid parameters,
 * 404, 403). Rate limiting and server errors stay problem documents.
 */
@Path("/")
public final class CkanResource implements CkanApi {

    private final CkanActions actions;
    private final OpenDataResource exports;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uri;

    CkanResource(CkanActions actions, OpenDataResource exports) {
        this.actions = actions;
        this.exports = exports;
    }

    @Override
    public Response ckanPackageList(Integer limit, Integer offset) {
        return ckanPackageListPost(params("limit", limit, "offset", offset));
    }

    @Override
    public Response ckanPackageListPost(Map<String, Object> body) {
        return answer("package_list", () -> actions.packageList(body(body)));
    }

    @Override
    public Response ckanPackageSearch(
            String q, String fq, Integer rows, Integer start, String sort, String facetField) {
        return ckanPackageSearchPost(
                params("q", q, "fq", fq, "rows", rows, "start", start, "sort", sort, "facet.field", facetField));
    }

    @Override
    public Response ckanPackageSearchPost(Map<String, Object> body) {
        return answer("package_search", () -> actions.packageSearch(body(body), uri.getBaseUri()));
    }

    @Override
    public Response ckanPackageShow(String id) {
        return ckanPackageShowPost(params("id", id));
    }

    @Override
    public Response ckanPackageShowPost(Map<String, Object> body) {
        return answer("package_show", () -> actions.packageShow(caller(), body(body), uri.getBaseUri()));
    }

    @Override
    public Response ckanDatastoreSearch(
            String resourceId,
            String filters,
            String q,
            Integer limit,
            Integer offset,
            String sort,
            String fields,
            Boolean includeTotal,
            String recordsFormat,
            Boolean distinct) {
        return ckanDatastoreSearchPost(params(
                "resource_id", resourceId,
                "filters", filters,
                "q", q,
                "limit", limit,
                "offset", offset,
                "sort", sort,
                "fields", fields,
                "include_total", includeTotal,
                "records_format", recordsFormat,
                "distinct", distinct));
    }

    @Override
    public Response ckanDatastoreSearchPost(Map<String, Object> body) {
        return answer("datastore_search", () -> actions.datastoreSearch(caller(), body(body), uri.getBaseUri()));
    }

    @Override
    public Response ckanDatastoreDump(UUID id, String format) {
        return exports.exportRows(id, null, null, null, format, null, null, null, null, null);
    }

    private Response answer(String action, Supplier<Object> result) {
        var help = uri.getBaseUriBuilder().path("docs").fragment("/ckan").build() + " " + action;
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("help", help);
        try {
            var value = result.get();
            envelope.put("success", true);
            envelope.put("result", value);
            return Response.ok(envelope, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (CkanActions.Invalid e) {
            return error(
                    envelope,
                    409,
                    Map.of("__type", "Validation Error", "message", e.getMessage(), e.field, List.of(e.getMessage())));
        } catch (ProblemException e) {
            var problem = e.problem();
            return switch (problem.status()) {
                case 400, 422 ->
                    error(envelope, 409, Map.of("__type", "Validation Error", "message", problem.detail()));
                case 401, 403 ->
                    error(envelope, 403, Map.of("__type", "Authorization Error", "message", problem.detail()));
                case 404 -> error(envelope, 404, Map.of("__type", "Not Found Error", "message", problem.detail()));
                default -> throw e;
            };
        }
    }

    private static Response error(Map<String, Object> envelope, int status, Map<String, Object> error) {
        envelope.put("success", false);
        envelope.put("error", error);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(envelope)
                .build();
    }

    private static Map<String, Object> body(Map<String, Object> body) {
        return body == null ? Map.of() : body;
    }

    /** The query parameters given, by name. */
    private static Map<String, Object> params(Object... namesAndValues) {
        var params = new HashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                params.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return params;
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }
}
