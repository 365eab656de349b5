package io.khidma.reliability;

import com.zaxxer.hikari.HikariConfig;
import io.khidma.core.audit.server.AuditFeature;
import io.khidma.core.audit.server.AuditOptions;
import io.khidma.core.audit.server.AuditSigningKey;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.server.WebhookKeys;
import io.khidma.core.events.server.WebhookOptions;
import io.khidma.core.events.server.WebhooksFeature;
import io.khidma.core.http.Transport;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.Jwks;
import io.khidma.core.identity.server.AccessTokenValidator;
import io.khidma.core.identity.server.BearerTokenFilter;
import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.server.Database;
import io.khidma.core.server.IdempotencyFeature;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.testing.TestDatabases;
import io.khidma.examples.sandbox.SandboxCatalogue;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.examples.sandbox.SandboxOpenData;
import io.khidma.examples.sandbox.SandboxRequests;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.server.OpenDataFeature;
import io.khidma.opendata.server.OpenDataOptions;
import io.khidma.opendata.server.RateLimits;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.provider.PaymentProvider;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import io.khidma.requests.server.RequestsFeature;
import io.khidma.requests.server.RequestsOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Khidma as an agency deploys it: the national identity provider on a server of its own, and
 * replicas of every API (catalogue, payments, open data, idempotency keys) on one PostgreSQL
 * database, each with its own connection pool and its own view of the provider's keys through
 * its JWKS. The card acquirer is one service shared by the replicas, as a real one is. The demo
 * catalogue, identities and datasets of the sandbox are the data.
 */
final class Platform implements AutoCloseable {

    /** The roads authority's client: catalogue, payments and open data, all scopes. */
    static final String RTA = "rta-portal";

    static final String RTA_SECRET = "rta-portal-sandbox-secret";
    static final String MOHRE = "mohre-tasheel";
    static final String MOHRE_SECRET = "mohre-tasheel-sandbox-secret";

    /** How a replica is set up; tests change what they exercise. */
    static final class Settings {
        int replicas = 2;
        Supplier<HikariConfig> pool;
        Duration idempotencyLease = Duration.ofSeconds(5);
        RateLimits rateLimits = RateLimits.defaults().shared(true);
        PaymentProvider acquirer = new SandboxProvider(Duration.ofSeconds(30));
        PaymentsOptions payments = PaymentsOptions.defaults();
        WebhookOptions webhooks = WebhookOptions.defaults()
                .withPlainHttpAllowed(true)
                .withPrivateAddressesAllowed(true)
                .withSecretKeys(WebhookKeys.generate()) // one key, held by every replica
                .withPollInterval(Duration.ofMillis(100))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withRequestTimeout(Duration.ofSeconds(2));
        boolean openData = true;
        String[] corsOrigins = {};
    }

    record Replica(Database database, KhidmaServer server) {
        URI uri() {
            return server.uri();
        }
    }

    final SandboxIdentities identities = SandboxIdentities.load();
    final SandboxIdentityProvider identity;
    final KhidmaServer identityServer;
    final Database admin;
    final List<Replica> replicas = new ArrayList<>();
    final Transport transport = Transport.create();
    /** The checkpoint key, held by every replica. */
    final AuditSigningKey auditKey = AuditSigningKey.generate();
    /** How far ahead of the real time the replicas judge token expiry: moved to make real tokens expire. */
    final AtomicReference<Duration> tokenClockShift = new AtomicReference<>(Duration.ZERO);

    private final Settings settings;
    private final Clock tokenClock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(tokenClockShift.get());
        }
    };

    private Platform(Settings settings) {
        this.settings = settings;
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "sandbox");
        int port = KhidmaServer.findFreePort();
        identity = identities.provider(URI.create("http://127.0.0.1:" + port + "/identity"));
        identityServer = KhidmaServer.builder()
                .port(port)
                .register(identity)
                .openApi("identity")
                .start();
        admin = Database.connect(settings.pool.get());
        admin.migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency")
                .migrate("opendata")
                .migrate("requests");
        var catalogue = new CatalogueFeature(admin).service();
        SandboxCatalogue.load().seed(catalogue);
        SandboxRequests.load().seed(catalogue);
    }

    /**
     * Starts the identity provider and the replicas, on a new database of the shared test server
     * unless the settings name another.
     */
    static Platform start(Consumer<Settings> configure) {
        var settings = new Settings();
        configure.accept(settings);
        if (settings.pool == null) {
            var name = TestDatabases.createDatabase();
            settings.pool = () -> {
                var pool = TestDatabases.pool(name);
                pool.setMaximumPoolSize(10);
                pool.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
                return pool;
            };
        }
        var platform = new Platform(settings);
        try {
            for (int i = 0; i < settings.replicas; i++) {
                platform.replicas.add(platform.startReplica());
            }
            if (settings.openData) {
                SandboxOpenData.load()
                        .publish(platform.replica(0).uri(), platform.identity.tokenEndpoint(), platform.identities);
            }
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private Replica startReplica() {
        var database = Database.connect(settings.pool.get());
        var catalogue = new CatalogueFeature(database);
        var agencyNames = catalogue.service().agencies().stream().collect(Collectors.toMap(Agency::id, Agency::name));
        var validator = AccessTokenValidator.builder()
                .issuer(identity.issuer().toString())
                .audience(identity.audience())
                .keys(Jwks.defaults().source(identity.jwksUri(), transport))
                .clock(tokenClock)
                .build();
        var payments = new PaymentsFeature(
                database, FeeSchedule.catalogue(catalogue.service()), settings.acquirer, settings.payments);
        var server = KhidmaServer.builder()
                .port(0)
                .database(database)
                .register(new BearerTokenFilter(validator))
                .register(new IdempotencyFeature(database, settings.idempotencyLease))
                .register(catalogue)
                .register(payments)
                .register(new RequestsFeature(
                        database, catalogue.service(), payments.service(), RequestsOptions.defaults()))
                .register(new WebhooksFeature(database, settings.webhooks))
                .register(new AuditFeature(
                        database,
                        AuditOptions.defaults()
                                .withSigningKey(auditKey)
                                .withCheckpointInterval(Duration.ofMillis(300))))
                .register(new OpenDataFeature(
                        database,
                        OpenDataOptions.defaults()
                                .withPublisherNames(agencyNames::get)
                                .withRateLimits(settings.rateLimits)
                                .withCorsOrigins(settings.corsOrigins)))
                .openApi("catalogue")
                .openApi("payments")
                .openApi("events")
                .openApi("audit")
                .openApi("requests")
                .openApi("opendata")
                .start();
        return new Replica(database, server);
    }

    Replica replica(int index) {
        return replicas.get(index);
    }

    ClientCredentialsTokenProvider tokens(String clientId, String secret) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(identity.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.secretBasic(clientId, secret))
                .transport(transport)
                .build();
    }

    PaymentsClient payments(int replica, ClientCredentialsTokenProvider tokens) {
        return PaymentsClient.builder()
                .endpoint(replica(replica).uri())
                .credentials(tokens)
                .build();
    }

    WebhooksClient webhooks(int replica, ClientCredentialsTokenProvider tokens) {
        return WebhooksClient.builder()
                .endpoint(replica(replica).uri())
                .credentials(tokens)
                .build();
    }

    CatalogueClient catalogue(int replica, ClientCredentialsTokenProvider tokens) {
        return CatalogueClient.builder()
                .endpoint(replica(replica).uri())
                .credentials(tokens)
                .build();
    }

    OpenDataClient openData(int replica, ClientCredentialsTokenProvider tokens) {
        var builder = OpenDataClient.builder().endpoint(replica(replica).uri());
        if (tokens != null) {
            builder.credentials(tokens);
        }
        return builder.build();
    }

    /** Counts rows, for checks that nothing was lost, doubled or half-written; values bind to the {@code ?}s. */
    long count(String sqlFromWhere, Object... values) {
        return admin.jdbi().withHandle(h -> {
            var query = h.createQuery("SELECT count(*) " + sqlFromWhere);
            for (int i = 0; i < values.length; i++) {
                query.bind(i, values[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    /**
     * A digest of every row of every table but the bookkeeping ones (migrations, idempotency keys,
     * rate-limit windows, the audit checkpoints replicas sign in the background), the tables of
     * dataset versions and the audit entries included: equal before and after a request when it
     * wrote nothing.
     */
    String digest() {
        return admin.jdbi().withHandle(h -> {
            var tables = h.createQuery("""
                            SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
                               AND tablename NOT LIKE 'flyway%'
                               AND tablename NOT IN ('idempotency_key', 'opendata_rate_window', 'audit_checkpoint')
                             ORDER BY 1
                            """).mapTo(String.class).list();
            var perTable = tables.stream()
                    .map(table ->
                            "SELECT '" + table + ":' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '')"
                                    + " AS d FROM " + table + " t")
                    .collect(Collectors.joining(" UNION ALL "));
            return h.createQuery("SELECT md5(string_agg(d, ';' ORDER BY d)) FROM (" + perTable + ") tables")
                    .mapTo(String.class)
                    .one();
        });
    }

    @Override
    public void close() {
        for (var replica : replicas) {
            replica.server().close();
            replica.database().close();
        }
        identityServer.close();
        admin.close();
        transport.close();
    }
}
