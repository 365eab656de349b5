package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.ContractRecorder;
import io.khidma.core.http.Transport;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.testing.TestDatabases;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;

/**
 * The open-data server kit for real: an embedded PostgreSQL, the sandbox identity provider with
 * two publishing agencies, bearer tokens, and a recorder that checks every response against the
 * contract when the fixture closes.
 */
final class OpenDataFixture implements AutoCloseable {

    final Database database = TestDatabases.fresh().migrate("opendata");
    final ContractRecorder contract =
            new ContractRecorder("/datasets", "/catalog", "/api/3/", "/datastore/", "/portal");
    final KhidmaServer server;
    final Transport transport = Transport.create();
    final ClientCredentialsTokenProvider rta;
    final ClientCredentialsTokenProvider mohre;
    final HttpClient http = HttpClient.newHttpClient();

    /** With rate limits too high for tests to meet. */
    OpenDataFixture() {
        this(OpenDataOptions.defaults().withRateLimits(RateLimits.defaults().withAnonymous(1_000_000)));
    }

    OpenDataFixture(OpenDataOptions options) {
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var issuer = URI.create("http://127.0.0.1:" + port + "/identity");
        var identity = SandboxIdentityProvider.builder()
                .issuer(issuer)
                .client(TestClient.withSecret("rta-data", "rta-secret", "rta", Set.of(), Set.of("opendata:publish")))
                .client(TestClient.withSecret(
                        "mohre-data", "mohre-secret", "mohre", Set.of(), Set.of("opendata:publish")))
                .build();
        server = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new OpenDataFeature(database, options))
                .register(contract)
                .openApi("opendata")
                .start();
        rta = tokens("rta-data", "rta-secret", identity);
        mohre = tokens("mohre-data", "mohre-secret", identity);
    }

    private ClientCredentialsTokenProvider tokens(String client, String secret, SandboxIdentityProvider identity) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic(client, secret))
                .transport(transport)
                .build();
    }

    /** A client of this server as {@code agency}, or anonymous when null. */
    OpenDataClient client(ClientCredentialsTokenProvider agency) {
        var builder = OpenDataClient.builder().endpoint(server.uri());
        return agency == null ? builder.build() : builder.credentials(agency).build();
    }

    URI uri(String pathAndQuery) {
        return server.uri().resolve(pathAndQuery);
    }

    /** A request as {@code agency} (or anonymous when null). */
    HttpRequest.Builder request(String pathAndQuery, ClientCredentialsTokenProvider agency) {
        var request = HttpRequest.newBuilder(uri(pathAndQuery));
        if (agency != null) {
            request.header("Authorization", "Bearer " + agency.token().value());
        }
        return request;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postJson(String path, ClientCredentialsTokenProvider agency, Object body) {
        return send(request(path, agency)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    HttpResponse<String> upload(String datasetId, ClientCredentialsTokenProvider agency, byte[] csv) {
        return send(request("/datasets/" + datasetId + "/versions", agency)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery, null).GET());
    }

    static String json(Object value) {
        try {
            return KhidmaJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(HttpResponse<String> response) {
        try {
            return KhidmaJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path spec() {
        return Path.of("target/openapi/opendata.yaml");
    }

    /** Stops everything, after checking every open-data response the tests saw against the contract. */
    @Override
    public void close() {
        try {
            assertThat(contract.violations(spec()))
                    .as("every open-data response matches opendata.yaml")
                    .isEmpty();
        } finally {
            transport.close();
            server.close();
            database.close();
        }
    }
}
