package io.khidma.spring.boot;

import io.khidma.core.http.Transport;
import io.khidma.core.identity.AccessToken;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.OidcProvider;
import io.khidma.core.identity.TokenProvider;
import java.net.URI;
import java.util.List;

/**
 * The application's tokens (client credentials), found through the issuer's discovery on the first
 * call rather than at start-up: an application starts while Khidma is unreachable, and its health
 * indicator says so.
 */
final class AgencyTokens implements TokenProvider, AutoCloseable {

    private final URI issuer;
    private final ClientAuthentication authentication;
    private final List<String> scopes;
    private final Transport transport;
    private ClientCredentialsTokenProvider tokens;

    AgencyTokens(URI issuer, ClientAuthentication authentication, List<String> scopes, Transport transport) {
        this.issuer = issuer;
        this.authentication = authentication;
        this.scopes = List.copyOf(scopes);
        this.transport = transport;
    }

    @Override
    public AccessToken token() {
        return provider().token();
    }

    private synchronized ClientCredentialsTokenProvider provider() {
        if (tokens == null) {
            tokens = ClientCredentialsTokenProvider.builder()
                    .tokenEndpoint(OidcProvider.discover(issuer, transport).tokenEndpoint())
                    .clientAuthentication(authentication)
                    .scopes(scopes.toArray(String[]::new))
                    .transport(transport)
                    .build();
        }
        return tokens;
    }

    @Override
    public synchronized void close() {
        if (tokens != null) {
            tokens.close();
        }
    }

    @Override
    public String toString() {
        return "AgencyTokens[" + authentication + " at " + issuer + "]";
    }
}
