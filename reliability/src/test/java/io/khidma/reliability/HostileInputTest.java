package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.opendata.PublishDataset;
import io.khidma.examples.payments.TakeAPayment;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every operation of every contract the servers publish, read from {@code /openapi/*.yaml} at
 * run time so a new endpoint is covered without a change here, attacked with malformed and hostile
 * requests. Whatever comes in: never a 5xx, never a stack trace, an RFC 9457 problem (or the
 * protocol's own error format where a standard fixes it), the security headers, and not one row
 * of the database changed.
 */
class HostileInputTest {

    /** One operation of a contract, where it is served. */
    record Operation(
            URI server,
            String method,
            String path,
            List<String> pathParams,
            List<String> queryParams,
            String bodyType,
            Schema<?> bodySchema,
            boolean html,
            boolean oauth,
            boolean ckan,
            boolean open311) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    enum Attack {
        MALFORMED_BODY,
        WRONG_TYPES,
        MISSING_FIELDS,
        OVERSIZED_BODY,
        OVERSIZED_STRINGS,
        INVALID_UTF8,
        PATH_TRAVERSAL,
        SQL_IN_PARAMETERS,
        FORGED_TOKEN,
        EXPIRED_TOKEN,
        FOREIGN_AGENCY_TOKEN,
        NO_TOKEN
    }

    static final List<String> NASTY = List.of(
            "' OR '1'='1' --",
            "1; DROP TABLE payment; --",
            "\" OR \"\"=\"",
            "%' AND 1=1 AND '%'='",
            "riders) UNION SELECT secret FROM events_secret --",
            "name:eq:x' OR 1=1 --",
            "-riders,(SELECT 1)",
            "\\",
            "%00",
            "\u0000",
            "../../../../etc/passwd",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}",
            "ﷺ‮‭\uD83D\uDE00",
            "9".repeat(400));

    static Platform platform;
    static String rtaToken;
    static String mohreToken;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<Operation> operations = new ArrayList<>();
    /** Ids of the roads authority's own resources, by the path they are under, for foreign-agency attempts. */
    static final Map<String, String> rtaIds = new LinkedHashMap<>();

    static final AtomicInteger requests = new AtomicInteger();

    @BeforeContainer
    static void start() {
        platform = Platform.start(settings -> {
            settings.replicas = 1;
            settings.rateLimits = io.khidma.opendata.server.RateLimits.defaults()
                    .withAnonymous(1_000_000)
                    .withPerKey(1_000_000);
        });
        var rta = platform.tokens(Platform.RTA, Platform.RTA_SECRET);
        rtaToken = rta.token().value();
        mohreToken =
                platform.tokens(Platform.MOHRE, Platform.MOHRE_SECRET).token().value();
        try (var payments = platform.payments(0, rta);
                var webhooks = platform.webhooks(0, rta);
                var catalogue = platform.catalogue(0, rta);
                var openData = platform.openData(0, rta)) {
            var payment = TakeAPayment.create(catalogue, payments, "HOSTILE-1");
            rtaIds.put("/payments/", payment.id().toString());
            rtaIds.put("/pay/", payment.id().toString());
            var dataset = PublishDataset.findOrCreate(openData, "rta", PublishDataset.metroRidership());
            rtaIds.put("/datasets/", dataset.id().toString());
            rtaIds.put("/services/", firstRtaService(catalogue));
            // No request of the roads authority exists: a well-formed number that finds nothing.
            rtaIds.put("/requests/", "RTA-2026-000001");
            rtaIds.put("/journey-applications/", "J-2026-000001");
            rtaIds.put(
                    "/webhooks/",
                    webhooks.create(io.khidma.core.events.model.NewWebhookEndpoint.of(
                                    URI.create("http://127.0.0.1:9/hooks"),
                                    io.khidma.core.events.model.WebhookEventType.PAYMENT_CAPTURED))
                            .id()
                            .toString());
        }
        var replica = platform.replica(0).uri();
        for (var spec : List.of("catalogue", "payments", "events", "audit", "requests", "opendata")) {
            operations.addAll(read(replica, replica.resolve("/openapi/" + spec + ".yaml")));
        }
        var identity = platform.identityServer.uri();
        operations.addAll(read(identity.resolve("/identity"), identity.resolve("/openapi/identity.yaml")));
    }

    @AfterContainer
    static void stop() {
        System.out.printf(
                "hostile input: %d operations, %d requests, none answered 5xx%n", operations.size(), requests.get());
        platform.close();
    }

    private static String firstRtaService(io.khidma.core.catalogue.CatalogueClient catalogue) {
        return catalogue
                .search(io.khidma.core.catalogue.ServiceSearch.text("vehicle").withAgency("rta"))
                .stream()
                .findFirst()
                .orElseThrow()
                .id()
                .toString();
    }

    private static List<Operation> read(URI server, URI spec) {
        var options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        var api = new OpenAPIV3Parser().read(spec.toString(), null, options);
        assertThat(api).as("contract %s", spec).isNotNull();
        var found = new ArrayList<Operation>();
        // The contract's server, its variables ({origin}) at their defaults: what follows is the path.
        var declared = api.getServers().get(0);
        var url = declared.getUrl();
        if (declared.getVariables() != null) {
            for (var variable : declared.getVariables().entrySet()) {
                url = url.replace(
                        "{" + variable.getKey() + "}", variable.getValue().getDefault());
            }
        }
        var serverPath = URI.create(url).getPath();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            var pathParams = new ArrayList<String>();
            var queryParams = new ArrayList<String>();
            var parameters = new ArrayList<io.swagger.v3.oas.models.parameters.Parameter>();
            if (item.getParameters() != null) {
                parameters.addAll(item.getParameters());
            }
            if (op.getParameters() != null) {
                parameters.addAll(op.getParameters());
            }
            for (var parameter : parameters) {
                if ("path".equals(parameter.getIn())) {
                    pathParams.add(parameter.getName());
                } else if ("query".equals(parameter.getIn())) {
                    queryParams.add(parameter.getName());
                }
            }
            String bodyType = null;
            Schema<?> bodySchema = null;
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                var content =
                        op.getRequestBody().getContent().entrySet().iterator().next();
                bodyType = content.getKey();
                bodySchema = content.getValue().getSchema();
            }
            boolean html = op.getResponses().values().stream()
                    .anyMatch(r -> r.getContent() != null && r.getContent().containsKey("text/html"));
            var fullPath = (serverPath == null ? "" : serverPath.replaceAll("/$", "")) + path;
            found.add(new Operation(
                    server,
                    method.name(),
                    fullPath,
                    pathParams,
                    queryParams,
                    bodyType,
                    bodySchema,
                    html,
                    fullPath.startsWith("/identity/"),
                    fullPath.startsWith("/api/3/action/"),
                    fullPath.startsWith("/open311/")));
        }));
        return found;
    }

    @Provide
    Arbitrary<Operation> operations() {
        return Arbitraries.of(operations);
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.of(NASTY),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("'\";%_\\*()[]{}<>&|$`:,-=+@\t\r\n")
                        .ofMaxLength(24));
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyOperationRefusesEveryAttackCleanly(@ForAll("operations") Operation op, @ForAll Attack attack) {
        boolean bodyAttack = attack.ordinal() <= Attack.INVALID_UTF8.ordinal();
        Assume.that(!bodyAttack || op.bodyType() != null);
        boolean json = op.bodyType() != null && op.bodyType().contains("json");
        boolean shaped = json && op.bodySchema() != null && op.bodySchema().getProperties() != null;
        Assume.that(attack != Attack.MISSING_FIELDS
                || (shaped
                        && op.bodySchema().getRequired() != null
                        && !op.bodySchema().getRequired().isEmpty())
                || !json);
        Assume.that(attack != Attack.WRONG_TYPES || shaped || !json);
        Assume.that(attack != Attack.PATH_TRAVERSAL || !op.pathParams().isEmpty());
        Assume.that(attack != Attack.SQL_IN_PARAMETERS || !op.queryParams().isEmpty());

        var values = new LinkedHashMap<String, String>();
        op.pathParams()
                .forEach(p -> values.put(p, attack == Attack.PATH_TRAVERSAL ? "..%2F..%2Fetc%2Fpasswd" : ownId(op)));
        if (attack == Attack.SQL_IN_PARAMETERS) {
            op.queryParams().forEach(p -> values.put("?" + p, NASTY.get(Math.abs(p.hashCode()) % 6)));
        }
        var token =
                switch (attack) {
                    case FORGED_TOKEN -> forged(rtaToken);
                    case EXPIRED_TOKEN -> null; // below
                    case FOREIGN_AGENCY_TOKEN -> mohreToken;
                    case NO_TOKEN -> null;
                    default -> rtaToken;
                };
        byte[] body = body(op, attack);
        if (attack == Attack.EXPIRED_TOKEN) {
            platform.tokenClockShift.set(Duration.ofHours(2));
            try {
                check(op, attack, values, rtaToken, body);
            } finally {
                platform.tokenClockShift.set(Duration.ZERO);
            }
        } else {
            check(op, attack, values, token, body);
        }
    }

    @Property(tries = 400)
    void hostileTextInEveryParameterIsHarmless(@ForAll("operations") Operation op, @ForAll("hostileText") String text) {
        Assume.that(!op.pathParams().isEmpty() || !op.queryParams().isEmpty());
        var values = new LinkedHashMap<String, String>();
        op.pathParams().forEach(p -> values.put(p, encode(text)));
        op.queryParams().forEach(p -> values.put("?" + p, text));
        check(op, null, values, rtaToken, op.bodyType() == null ? null : "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void anotherAgencyCannotTouchTheRoadsAuthoritysResources() {
        var payment = rtaIds.get("/payments/");
        var dataset = rtaIds.get("/datasets/");
        var service = rtaIds.get("/services/");
        var webhook = rtaIds.get("/webhooks/");
        var replica = platform.replica(0).uri();
        var attempts = List.of(
                request(replica, "POST", "/payments/" + payment + "/refunds", "{\"amount\":100}"),
                request(replica, "POST", "/payments/" + payment + "/cancel", null),
                request(replica, "POST", "/payments/" + payment + "/capture", null),
                request(replica, "GET", "/payments/" + payment, null),
                request(replica, "DELETE", "/webhooks/" + webhook, null),
                request(replica, "POST", "/webhooks/" + webhook + "/rotate-secret", "{}"),
                request(replica, "POST", "/datasets/" + dataset + "/publish", null),
                request(replica, "DELETE", "/datasets/" + dataset, null),
                request(replica, "POST", "/services/" + service + "/withdraw", null));
        for (var attempt : attempts) {
            var before = platform.digest();
            var response = send(attempt.header("Authorization", "Bearer " + mohreToken));
            assertThat(response.statusCode()).as("%s", attempt.build()).isIn(403, 404);
            assertThat(platform.digest())
                    .as("nothing changed by %s", attempt.build())
                    .isEqualTo(before);
        }
    }

    @Example
    void csvUploadsWithBrokenQuotingOrMixedEncodingsAreRefusedWhole() {
        var dataset = rtaIds.get("/datasets/");
        var replica = platform.replica(0).uri();
        var latin1 = "month,line,line_ar,riders\r\n2024-01-01,Red,".getBytes(StandardCharsets.UTF_8);
        var mixed = new ByteArrayOutputStream();
        mixed.writeBytes(latin1);
        mixed.writeBytes("Ligne ferm\u00e9e".getBytes(StandardCharsets.ISO_8859_1));
        mixed.writeBytes(",100\r\n".getBytes(StandardCharsets.UTF_8));
        var uploads = List.of(
                "month,line,line_ar,riders\r\n2024-01-01,\"Red,الخط الأحمر,100\r\n".getBytes(StandardCharsets.UTF_8),
                "month,line,line_ar,riders\r\n2024-01-01,Red,الخط,100,extra\r\n".getBytes(StandardCharsets.UTF_8),
                "month,line,riders\r\n2024-01-01,Red,100\r\n".getBytes(StandardCharsets.UTF_8),
                "month,line,line_ar,riders\r\nnot-a-date,Red,الخط,lots\r\n".getBytes(StandardCharsets.UTF_8),
                mixed.toByteArray());
        for (int i = 0; i < uploads.size(); i++) {
            var csv = uploads.get(i);
            var before = platform.digest();
            var response = send(HttpRequest.newBuilder(replica.resolve("/datasets/" + dataset + "/versions"))
                    .header("Authorization", "Bearer " + rtaToken)
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
            assertProblem(response, null);
            assertThat(response.statusCode())
                    .as("upload %d: %s", i, response.body())
                    .isIn(400, 422);
            assertThat(platform.digest()).as("nothing kept of a refused upload").isEqualTo(before);
        }
    }

    @Example
    void formulasInAnUploadAreKeptAsDataAndNeutralisedInCsvExports() {
        var dataset = rtaIds.get("/datasets/");
        var replica = platform.replica(0).uri();
        var csv = "month,line,line_ar,riders\r\n"
                + "2024-01-01,\"=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",=1+1,1\r\n"
                + "2024-02-01,+SUM(A1:A2),@cmd,2\r\n"
                + "2024-03-01,-2+3,\"\tTAB\",3\r\n";
        var upload = send(HttpRequest.newBuilder(replica.resolve("/datasets/" + dataset + "/versions"))
                .header("Authorization", "Bearer " + rtaToken)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        send(HttpRequest.newBuilder(replica.resolve("/datasets/" + dataset + "/publish"))
                .header("Authorization", "Bearer " + rtaToken)
                .POST(HttpRequest.BodyPublishers.noBody()));

        var export = send(HttpRequest.newBuilder(replica.resolve("/datasets/" + dataset + "/export?format=csv")));
        var rows = send(HttpRequest.newBuilder(replica.resolve("/datasets/" + dataset + "/rows")));

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("'=HYPERLINK", "'+SUM(A1:A2)", "'@cmd", "'-2+3", "'=1+1");
        assertThat(rows.body()).as("JSON keeps the data as it was given").contains("=HYPERLINK", "+SUM(A1:A2)");
    }

    // The check every response gets

    private static void check(Operation op, Attack attack, Map<String, String> values, String token, byte[] body) {
        var path = op.path();
        var query = new StringBuilder();
        for (var entry : values.entrySet()) {
            if (entry.getKey().startsWith("?")) {
                query.append(query.length() == 0 ? "?" : "&")
                        .append(entry.getKey().substring(1))
                        .append('=')
                        .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            } else {
                path = path.replace("{" + entry.getKey() + "}", entry.getValue());
            }
        }
        var uri = URI.create(op.server().resolve("/") + path.substring(1) + query);
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", op.bodyType() == null ? "application/json" : op.bodyType());
        }
        request.method(
                op.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        var before = platform.digest();
        var response = send(request);
        assertProblem(response, op);
        assertThat(response.statusCode()).as("%s %s", op, attack).isLessThan(500);
        if (attack != null) {
            assertThat(platform.digest()).as("%s %s wrote nothing", op, attack).isEqualTo(before);
        }
    }

    /** A problem document (or the standard's own error, or an HTML page where the operation is one), safe headers, no internals. */
    private static void assertProblem(HttpResponse<String> response, Operation op) {
        var what = response.request().method() + " " + response.request().uri() + " -> " + response.statusCode();
        var body = response.body();
        assertThat(body).as(what).doesNotContain("Exception", "\tat ", "org.postgresql", "io.khidma.", "java.");
        assertThat(response.headers().firstValue("X-Content-Type-Options"))
                .as(what)
                .contains("nosniff");
        var type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) {
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(what)
                    .isPresent();
            assertThat(response.headers().firstValue("X-Frame-Options"))
                    .as(what)
                    .contains("DENY");
        }
        if (response.statusCode() < 400) {
            return;
        }
        if (op != null && op.html() && type.startsWith("text/html")) {
            return;
        }
        if (op != null && op.oauth() && type.startsWith("application/json")) {
            assertThat(json(body).path("error").asText()).as(what).isNotBlank();
            return;
        }
        if (op != null && op.ckan() && type.startsWith("application/json")) {
            // CKAN's action API has an error envelope of its own, which CKAN clients expect.
            assertThat(json(body).path("success").asBoolean(true)).as(what).isFalse();
            return;
        }
        if (op != null && op.open311() && type.startsWith("application/json")) {
            // Open311 GeoReport v2 fixes its errors as a list of {code, description}.
            var errors = json(body);
            assertThat(errors.path(0).path("code").asInt()).as(what).isEqualTo(response.statusCode());
            assertThat(errors.path(0).path("description").asText()).as(what).isNotBlank();
            return;
        }
        assertThat(type).as(what + " " + body).startsWith("application/problem+json");
        var problem = json(body);
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.statusCode());
        assertThat(problem.path("type").asText()).as(what).startsWith("https://");
        assertThat(problem.path("title").asText()).as(what).isNotBlank();
    }

    private static byte[] body(Operation op, Attack attack) {
        if (op.bodyType() == null) {
            return null;
        }
        boolean form = op.bodyType().startsWith("application/x-www-form-urlencoded");
        boolean csv = op.bodyType().startsWith("text/csv");
        var text =
                switch (attack) {
                    case MALFORMED_BODY ->
                        form ? "grant_type=%zz&&==" : csv ? "a,\"b\r\n\"c" : "{\"title\": {\"ar\": \"x\",";
                    case WRONG_TYPES ->
                        form ? "grant_type[]=1" : csv ? "\u0000,\u0001\r\n" : shapedBody(op.bodySchema(), attack);
                    case MISSING_FIELDS -> form ? "" : "{}";
                    case OVERSIZED_BODY -> "{\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
                    case OVERSIZED_STRINGS ->
                        form
                                ? "grant_type=" + "g".repeat(100_000)
                                : op.bodySchema() != null && op.bodySchema().getProperties() != null
                                        ? shapedBody(op.bodySchema(), attack)
                                        : "\"" + "x".repeat(200_000) + "\"";
                    default -> form ? "grant_type=client_credentials" : "{}";
                };
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        if (attack == Attack.INVALID_UTF8) {
            var out = new ByteArrayOutputStream();
            out.writeBytes((form ? "grant_type=" : "{\"reference\":\"").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
            out.writeBytes((form ? "" : "\"}").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
        return bytes;
    }

    /**
     * A body shaped by the operation's schema: every property of the wrong JSON type, or every
     * string 100,000 characters long and every number 400 digits.
     */
    private static String shapedBody(Schema<?> schema, Attack attack) {
        var body = KhidmaJson.mapper().createObjectNode();
        if (schema == null || schema.getProperties() == null) {
            return "[]";
        }
        schema.getProperties().forEach((name, property) -> {
            var type = property.getType() == null ? "object" : property.getType();
            if (attack == Attack.WRONG_TYPES) {
                switch (type) {
                    case "string" -> body.put(name, 7);
                    case "integer", "number" -> body.put(name, "lots");
                    case "array" -> body.put(name, "none");
                    case "boolean" -> body.put(name, "maybe");
                    default -> body.put(name, false);
                }
            } else {
                switch (type) {
                    case "string" -> body.put(name, "ع".repeat(50_000) + "x".repeat(50_000));
                    case "integer", "number" -> body.put(name, new BigInteger("9".repeat(400)));
                    case "array" -> body.putArray(name).add("x".repeat(100_000));
                    case "object" ->
                        body.putObject(name).put("ar", "ع".repeat(100_000)).put("en", "x".repeat(100_000));
                    default -> body.put(name, true);
                }
            }
        });
        return body.toString();
    }

    /** The roads authority's own resource under the operation's path, or a random id. */
    private static String ownId(Operation op) {
        return rtaIds.entrySet().stream()
                .filter(e -> op.path().startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(UUID.randomUUID().toString());
    }

    /** The token with its payload changed (the agency) and its signature kept. */
    private static String forged(String token) {
        var parts = token.split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"rta\"", "\"mohre\"")
                .replace("\"scope\":\"", "\"scope\":\"admin ");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static HttpRequest.Builder request(URI server, String method, String path, String json) {
        var request = HttpRequest.newBuilder(server.resolve(path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        requests.incrementAndGet();
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer to " + request.build(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return KhidmaJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
