package io.khidma.examples.sandbox;

import io.khidma.core.identity.server.SandboxIdentityProvider;
import io.khidma.core.identity.server.TestCitizen;
import io.khidma.core.identity.server.TestClient;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/** The sandbox's test citizens and agency clients, read from {@code identity.json} beside this class. */
public record SandboxIdentities(List<TestCitizen> citizens, List<Client> clients) {

    /** An agency client as the configuration describes it. */
    public record Client(String clientId, String secret, String agencyId, Set<URI> redirectUris, Set<String> scopes) {}

    public static SandboxIdentities load() {
        try (var in = SandboxIdentities.class.getResourceAsStream("identity.json")) {
            return KhidmaJson.mapper().readValue(in, SandboxIdentities.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox identities", e);
        }
    }

    /** The client an agency publishes open data with. */
    public Client publisherOf(String agency) {
        return clients.stream()
                .filter(c -> c.agencyId().equals(agency) && c.scopes().contains("opendata:publish"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no client of " + agency + " may publish open data"));
    }

    public SandboxIdentityProvider provider(URI issuer) {
        return builder(issuer).build();
    }

    /**
     * The provider, counting the tokens it issues in the database's meters and recording its key
     * rotations in the database's audit trail.
     */
    public SandboxIdentityProvider provider(URI issuer, Database database) {
        return builder(issuer).meters(database.meters()).audit(database).build();
    }

    private SandboxIdentityProvider.Builder builder(URI issuer) {
        var builder = SandboxIdentityProvider.builder().issuer(issuer);
        citizens.forEach(builder::citizen);
        clients.forEach(c -> builder.client(
                TestClient.withSecret(c.clientId(), c.secret(), c.agencyId(), c.redirectUris(), c.scopes())));
        return builder;
    }
}
