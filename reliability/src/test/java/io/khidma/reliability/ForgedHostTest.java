package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.testing.RawHttp;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint that writes absolute links, asked with a forged {@code Host}, {@code
 * X-Forwarded-Host} and {@code X-Forwarded-Proto}, answers exactly the links it gives an honest
 * request: a created payment's {@code Location} and links, the DCAT catalogue in each syntax, CKAN's
 * resource and dump URLs, the identity discovery document, Open311 and the catalogue.
 */
class ForgedHostTest {

    private static final String EVIL = "evil.example";

    @TempDir
    Path data;

    @Test
    void noLinkFollowsAForgedHost() throws Exception {
        try (var sandbox = Sandbox.start(data);
                var tokens = Examples.agencyTokens(sandbox.uri(), Platform.RTA);
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build()) {
            var base = sandbox.uri();
            var bearer = "Bearer " + tokens.token().value();
            var dataset = get(base, "/datasets?limit=1", null)
                    .path("items")
                    .get(0)
                    .path("id")
                    .asText();
            var renewal = catalogue.search(ServiceSearch.text("vehicle registration renewal")).stream()
                    .filter(s -> s.code().equals("RTA-VEH-RENEW"))
                    .findFirst()
                    .orElseThrow();

            var created = forged(
                    base,
                    "POST",
                    "/payments",
                    Map.of("Authorization", bearer, "Content-Type", "application/json", "Idempotency-Key", "forged-1"),
                    KhidmaJson.mapper()
                            .writeValueAsString(NewPayment.of(
                                    "FORGED-1",
                                    URI.create("https://portal.rta.example/done"),
                                    LineItemRequest.of(renewal.id(), "RENEW"))));
            assertThat(created.status()).as(created.whole()).isEqualTo(201);
            var payment =
                    KhidmaJson.mapper().readTree(created.body()).path("id").asText();
            assertThat(created.header("Location"))
                    .isEqualTo(base.resolve("/payments/" + payment).toString());

            var pages = new ArrayList<Ask>(List.of(
                    new Ask("/catalog", "text/turtle"),
                    new Ask("/catalog", "application/ld+json"),
                    new Ask("/catalog?limit=1", "application/ld+json"),
                    new Ask("/datasets", null),
                    new Ask("/datasets/" + dataset, null),
                    new Ask("/datasets/" + dataset, "application/ld+json"),
                    new Ask("/datasets/" + dataset + "/rows?limit=2", null),
                    new Ask("/api/3/action/package_search?rows=3", null),
                    new Ask("/api/3/action/package_show?id=" + dataset, null),
                    new Ask("/api/3/action/datastore_search?resource_id=" + dataset + "&limit=2", null),
                    new Ask("/identity/.well-known/openid-configuration", null),
                    new Ask("/open311/v2/services.json", null),
                    new Ask("/services?q=renewal", null),
                    new Ask("/services/" + renewal.id(), null),
                    new Ask("/docs", "text/html")));
            for (var ask : pages) {
                var headers = new LinkedHashMap<String, String>();
                if (ask.accept() != null) {
                    headers.put("Accept", ask.accept());
                }
                var honest = RawHttp.send(base, "GET", ask.path(), withHost(headers, base), null);
                var lied = forged(base, "GET", ask.path(), headers, null);
                assertThat(lied.status())
                        .as(ask.path())
                        .isEqualTo(honest.status())
                        .isLessThan(400);
                assertThat(lied.whole()).as(ask.path()).doesNotContain(EVIL);
                assertThat(links(lied.body())).as(ask.path()).isEqualTo(links(honest.body()));
            }

            var paymentHeaders = Map.of("Authorization", bearer);
            for (var path : List.of("/payments/" + payment, "/payments?limit=5")) {
                var lied = forged(base, "GET", path, paymentHeaders, null);
                assertThat(lied.status()).as(path).isEqualTo(200);
                assertThat(lied.whole()).as(path).doesNotContain(EVIL).contains(base.toString());
            }
        }
    }

    private record Ask(String path, String accept) {}

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>\\\\]+");

    /** Every absolute link in a body, sorted: RDF writers may order statements differently each time. */
    private static Set<String> links(String body) {
        var found = new TreeSet<String>();
        LINK.matcher(body).results().forEach(match -> found.add(match.group()));
        return found;
    }

    private static RawHttp.Response forged(
            URI base, String method, String path, Map<String, String> headers, String body) {
        var all = new LinkedHashMap<>(headers);
        all.put("Host", EVIL);
        all.put("X-Forwarded-Host", EVIL);
        all.put("X-Forwarded-Proto", "https");
        all.put("Forwarded", "host=" + EVIL + ";proto=https");
        return RawHttp.send(base, method, path, all, body);
    }

    private static Map<String, String> withHost(Map<String, String> headers, URI base) {
        var all = new LinkedHashMap<>(headers);
        all.put("Host", base.getHost() + ":" + base.getPort());
        return all;
    }

    private static com.fasterxml.jackson.databind.JsonNode get(URI base, String path, String accept) throws Exception {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", base.getHost() + ":" + base.getPort());
        if (accept != null) {
            headers.put("Accept", accept);
        }
        return KhidmaJson.mapper()
                .readTree(RawHttp.send(base, "GET", path, headers, null).body());
    }
}
