package io.khidma.benchmarks.payments;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.text.Text;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Payments created per second through {@link PaymentsClient} against the in-process server kit on
 * an embedded PostgreSQL: each call is a full {@code POST /payments} of a three-fee basket of two
 * agencies, with a bearer token, an idempotency key stored in the database, fees priced from the
 * catalogue, and the payment, its line items and its first event written in one transaction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The server's JIT keeps improving for about 30 s of this load: a shorter warm-up measures that climb.
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PaymentCreateBenchmark {

    private Path data;
    private Database database;
    private KhidmaServer server;
    private ClientCredentialsTokenProvider tokens;
    private PaymentsClient client;
    private NewPayment basket;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = Files.createTempDirectory("khidma-bench");
        database = Database.embedded(data)
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency");
        var catalogue = new CatalogueFeature(database);
        catalogue.service().saveAgency(new Agency("rta", Text.of("هيئة الطرق", "RTA"), Agency.Level.LOCAL, "Dubai"));
        catalogue
                .service()
                .saveAgency(new Agency("mohre", Text.of("الموارد البشرية", "MOHRE"), Agency.Level.FEDERAL, null));
        catalogue.service().importService(service("RTA-VEH-RENEW", "rta", 40_000, 2_000));
        catalogue.service().importService(service("MOHRE-WP-ISSUE", "mohre", 30_000, 5_000));
        var renewal = idOf("RTA-VEH-RENEW");
        var permit = idOf("MOHRE-WP-ISSUE");

        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var issuer = URI.create("http://127.0.0.1:" + port + "/identity");
        var identity = SandboxIdentityProvider.builder()
                .issuer(issuer)
                .client(TestClient.withSecret("bench", "bench-secret", "rta", Set.of(), Set.of("payments:write")))
                .build();
        server = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator()))
                .register(new IdempotencyFeature(database))
                .register(new PaymentsFeature(
                        database,
                        FeeSchedule.catalogue(catalogue.service()),
                        new SandboxProvider(),
                        PaymentsOptions.defaults()))
                .start();
        tokens = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic("bench", "bench-secret"))
                .build();
        client = PaymentsClient.builder()
                .endpoint(server.uri())
                .credentials(tokens)
                .build();
        basket = NewPayment.of(
                "BENCH-1",
                URI.create("https://portal.rta.example/done"),
                LineItemRequest.of(renewal, "RENEW"),
                LineItemRequest.of(renewal, "KNOWLEDGE"),
                LineItemRequest.of(permit, "ISSUE"));
    }

    /** A service of {@code agency} with two fees, as the payment benchmarks price their baskets from. */
    public static PublicService service(String code, String agency, long first, long second) {
        return new PublicService(
                null,
                code,
                Text.of(code, code),
                Text.of(code, code),
                agency,
                List.of(),
                List.of(),
                null,
                List.of(Channel.of(ChannelType.WEB)),
                List.of(
                        new Cost(code.startsWith("RTA") ? "RENEW" : "ISSUE", first, "AED", null, null),
                        new Cost(code.startsWith("RTA") ? "KNOWLEDGE" : "TAWSEEL", second, "AED", null, null)),
                List.of(),
                List.of(),
                List.of(),
                null,
                true,
                null,
                null,
                null,
                null);
    }

    private UUID idOf(String code) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM catalogue_service WHERE code = :code")
                .bind("code", code)
                .mapTo(UUID.class)
                .one());
    }

    @Benchmark
    @Threads(1)
    public Payment createOneAtATime() {
        return client.create(basket);
    }

    @Benchmark
    @Threads(8)
    public Payment createEightAtATime() {
        return client.create(basket);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        tokens.close();
        server.close();
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
