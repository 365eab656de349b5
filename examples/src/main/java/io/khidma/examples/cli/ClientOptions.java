package io.khidma.examples.cli;

import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The client a command acts as (a picocli mixin): its id on the command line, its secret from the
 * environment ({@code KHIDMA_CLIENT_SECRET} by default), never the command line, where other users
 * of the machine could read it.
 */
final class ClientOptions {

    @Option(
            names = "--client-id",
            required = true,
            scope = ScopeType.INHERIT,
            description = "The client to act as: an agency's (e.g. mohre-back-office) or an auditor's"
                    + " (e.g. platform-auditor).")
    String clientId;

    @Option(
            names = "--client-secret-variable",
            defaultValue = "KHIDMA_CLIENT_SECRET",
            scope = ScopeType.INHERIT,
            description = "The environment variable holding the client's secret (default ${DEFAULT-VALUE}).")
    String secretVariable;

    /** Client-credentials tokens from the identity provider of the Khidma server at {@code url}. */
    ClientCredentialsTokenProvider tokens(URI url) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(url.resolve("/identity/token"))
                .clientAuthentication(ClientAuthentication.secretBasic(clientId, secret()))
                .build();
    }

    /** Reads the secret: the environment, or a system property of the same name for embedding. */
    private String secret() {
        var secret = System.getenv(secretVariable);
        if (secret == null || secret.isBlank()) {
            secret = System.getProperty(secretVariable);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("set " + secretVariable + " to the client's secret");
        }
        return secret;
    }
}
