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
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the payments benchmarks share: an embedded PostgreSQL with the catalogue (two agencies, a
 * service of each with two fees) and the payments server kit behind bearer tokens and
 * idempotency keys, a client of RTA's, and a three-fee basket of the two agencies.
 */
public final class PaymentsBench implements AutoCloseable {

    public final Database database;
    public final KhidmaServer server;
    public final ClientCredentialsTokenProvider tokens;
    public final NewPayment basket;
    /** RTA's service, to read from the catalogue. */
    public final UUID renewal;

    private final Path data;

    private PaymentsBench(
            Path data,
            Database database,
            KhidmaServer server,
            ClientCredentialsTokenProvider tokens,
            NewPayment basket,
            UUID renewal) {
        this.data = data;
        this.database = database;
        this.server = server;
        this.tokens = tokens;
        this.basket = basket;
        this.renewal = renewal;
    }

    /**
     * Starts it. {@code beforeFeatures} sees the migrated database before any feature is built
     * (to bind metrics or tracing); {@code server} adds to the server's builder, on which the
     * catalogue feature is already registered.
     */
    public static PaymentsBench start(Consumer<Database> beforeFeatures, Consumer<KhidmaServer.Builder> server)
            throws IOException {
        var data = Files.createTempDirectory("khidma-bench");
        var database = Database.embedded(data)
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency");
        beforeFeatures.accept(database);
        var catalogue = new CatalogueFeature(database);
        var services = catalogue.service();
        services.saveAgency(new Agency("rta", Text.of("هيئة الطرق", "RTA"), Agency.Level.LOCAL, "Dubai"));
        services.saveAgency(new Agency("mohre", Text.of("الموارد البشرية", "MOHRE"), Agency.Level.FEDERAL, null));
        services.importService(service("RTA-VEH-RENEW", "rta", 40_000, 2_000));
        services.importService(service("MOHRE-WP-ISSUE", "mohre", 30_000, 5_000));
        var renewal = idOf(database, "RTA-VEH-RENEW");
        var permit = idOf(database, "MOHRE-WP-ISSUE");

        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        var identity = SandboxIdentityProvider.builder()
                .issuer(URI.create("http://127.0.0.1:" + port + "/identity"))
                .client(TestClient.withSecret("bench", "bench-secret", "rta", Set.of(), Set.of("payments:write")))
                .build();
        var builder = KhidmaServer.builder()
                .port(port)
                .database(database)
                .register(identity)
                .register(new BearerTokenFilter(identity.tokenValidator(), database.meters()))
                .register(new IdempotencyFeature(database))
                .register(catalogue)
                .register(new PaymentsFeature(
                        database, FeeSchedule.catalogue(services), new SandboxProvider(), PaymentsOptions.defaults()));
        server.accept(builder);
        var tokens = ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic("bench", "bench-secret"))
                .build();
        var basket = NewPayment.of(
                "BENCH-1",
                URI.create("https://portal.rta.example/done"),
                LineItemRequest.of(renewal, "RENEW"),
                LineItemRequest.of(renewal, "KNOWLEDGE"),
                LineItemRequest.of(permit, "ISSUE"));
        return new PaymentsBench(data, database, builder.start(), tokens, basket, renewal);
    }

    /** A payments client of RTA's; the caller closes it. */
    public PaymentsClient client() {
        return PaymentsClient.builder()
                .endpoint(server.uri())
                .credentials(tokens)
                .build();
    }

    private static PublicService service(String code, String agency, long first, long second) {
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

    private static UUID idOf(Database database, String code) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM catalogue_service WHERE code = :code")
                .bind("code", code)
                .mapTo(UUID.class)
                .one());
    }

    @Override
    public void close() {
        tokens.close();
        server.close();
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
