package io.khidma.benchmarks.requests;

import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.ServiceRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Service requests submitted per second over HTTP against the in-process server kit on an embedded
 * PostgreSQL: each {@code POST /requests} carries a bearer token and an idempotency key (stored),
 * is checked against the service's JSON Schema form, attaches one document (ownership, type and
 * size checked), takes a number from the agency's counter, and writes the request, its attachment,
 * its event and its outbox event in one transaction. The same request sent by a bare JDK {@code
 * HttpClient} (token and key set by hand) is the reference: the ratio is what the SDK's pipeline
 * costs on top of the server's work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class RequestSubmitBenchmark {

    private RequestsBench bench;
    private KhidmaServer server;
    private ClientCredentialsTokenProvider tokens;
    private RequestsClient client;
    private HttpClient bare;
    private NewServiceRequest request;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new RequestsBench();
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var identity = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .client(TestClient.withSecret(
                        "bench-kiosk", "bench-secret", RequestsBench.agency(5), Set.of(), Set.of("requests:submit")))
                .build();
        server = KhidmaServer.builder()
                .port(port)
                .database(bench.database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new IdempotencyFeature(bench.database))
                .register(bench.requests)
                .start();
        tokens = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic("bench-kiosk", "bench-secret"))
                .build();
        client = RequestsClient.builder()
                .endpoint(server.uri())
                .credentials(tokens)
                .build();
        var citizen = "citizen-bench";
        var scan = client.uploadFor(
                citizen, "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII), "application/pdf", "passport.pdf");
        var service = bench.catalogue
                .service()
                .findByCode(RequestsBench.code(5))
                .orElseThrow()
                .id();
        try {
            request = NewServiceRequest.of(service, KhidmaJson.mapper().readTree(RequestsBench.APPLICATION))
                    .withDocuments(new DocumentRef("passport", scan.id()))
                    .forCitizen(citizen);
            body = KhidmaJson.mapper().writeValueAsBytes(request);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Benchmark
    @Threads(8)
    public ServiceRequest submitThroughClient() {
        return client.submit(request);
    }

    @Benchmark
    @Threads(8)
    public int submitBareHttpClient() throws Exception {
        var response = bare.send(
                HttpRequest.newBuilder(server.uri().resolve("/requests"))
                        .header("Authorization", "Bearer " + tokens.token().value())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("answered " + response.statusCode());
        }
        return response.body().length;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        tokens.close();
        server.close();
        bench.close();
    }
}
