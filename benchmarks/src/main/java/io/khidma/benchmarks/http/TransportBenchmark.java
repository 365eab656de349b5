package io.khidma.benchmarks.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.Transport;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.KhidmaServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One GET of a small JSON document from the same in-process server, two ways: through the Khidma
 * transport with every default policy on (user agent, request id, retry, circuit breaker, problem
 * mapping, logging checks), and through a bare {@code java.net.http.HttpClient} that reads the same
 * record with the same Jackson mapper. The ratio is what the SDK's pipeline costs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransportBenchmark {

    /** A service as a catalogue would return it, shortened. */
    public record Service(
            String id, String code, String titleEn, String titleAr, List<String> channels, Instant modified) {}

    @Path("/bench/service")
    public static final class ServiceResource {
        private static final Service SERVICE = new Service(
                "svc-rta-001",
                "RTA-VEH-RENEW",
                "Vehicle registration renewal",
                "تجديد ترخيص المركبة",
                List.of("WEB", "MOBILE_APP", "KIOSK"),
                Instant.parse("2026-11-01T08:00:00Z"));

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Service get() {
            return SERVICE;
        }
    }

    private KhidmaServer server;
    private Transport transport;
    private ApiRequest khidmaRequest;
    private HttpClient bare;
    private HttpRequest bareRequest;
    private ObjectMapper mapper;

    @Setup(Level.Trial)
    public void start() {
        server = KhidmaServer.builder().port(0).register(new ServiceResource()).start();
        URI uri = server.uri().resolve("/bench/service");
        transport = Transport.create();
        khidmaRequest = ApiRequest.get(uri).accept(MediaType.APPLICATION_JSON).build();
        // HTTP/1.1, as the Khidma transport speaks: the same protocol on both sides of the ratio.
        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        bareRequest = HttpRequest.newBuilder(uri)
                .header("Accept", MediaType.APPLICATION_JSON)
                .build();
        mapper = KhidmaJson.mapper();
    }

    @TearDown(Level.Trial)
    public void stop() {
        transport.close();
        server.close();
    }

    @Benchmark
    public Service khidmaTransport() {
        return transport.send(khidmaRequest).body(Service.class);
    }

    @Benchmark
    public Service bareHttpClient() throws IOException, InterruptedException {
        var response = bare.send(bareRequest, BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
        }
        return mapper.readValue(response.body(), Service.class);
    }
}
