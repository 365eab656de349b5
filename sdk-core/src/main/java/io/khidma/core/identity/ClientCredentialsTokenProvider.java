package io.khidma.core.identity;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import io.khidma.core.http.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tokens for calling another agency's API as this agency (OAuth client credentials grant), cached
 * and refreshed {@link Builder#refreshBefore(Duration) shortly before} they expire. Under
 * concurrency one caller refreshes while the others keep using the still-valid token, or wait for
 * the refresh when there is none; 50 callers at once cause one token request.
 *
 * <pre>{@code
 * var tokens = ClientCredentialsTokenProvider.builder()
 *         .tokenEndpoint(URI.create("https://id.example.gov.ae/token"))
 *         .clientAuthentication(ClientAuthentication.privateKeyJwt("rta-fines", rtaKey))
 *         .scopes("catalogue:read")
 *         .build();
 * var request = ApiRequest.get(uri).credentials(tokens).build();
 * }</pre>
 */
public final class ClientCredentialsTokenProvider implements TokenProvider, AutoCloseable {

    private final URI tokenEndpoint;
    private final ClientAuthentication authentication;
    private final Set<String> scopes;
    private final Duration refreshBefore;
    private final Duration defaultLifetime;
    private final Transport transport;
    private final boolean ownsTransport;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile AccessToken current;

    private ClientCredentialsTokenProvider(Builder b, Transport transport) {
        this.tokenEndpoint = b.tokenEndpoint;
        this.authentication = b.authentication;
        this.scopes = b.scopes;
        this.refreshBefore = b.refreshBefore;
        this.defaultLifetime = b.defaultLifetime;
        this.transport = transport;
        this.ownsTransport = b.transport == null;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AccessToken token() {
        var token = current;
        var now = clock.instant();
        if (token != null && now.isBefore(refreshAt(token))) {
            return token;
        }
        // Time to refresh. If someone else is at it and our token still works, use it meanwhile.
        if (token != null && now.isBefore(token.expiresAt()) && !refreshing.tryLock()) {
            return token;
        }
        if (!refreshing.isHeldByCurrentThread()) {
            refreshing.lock();
        }
        try {
            var latest = current;
            if (latest != null && clock.instant().isBefore(refreshAt(latest))) {
                return latest;
            }
            current = fetch();
            return current;
        } finally {
            refreshing.unlock();
        }
    }

    private Instant refreshAt(AccessToken token) {
        return token.expiresAt().minus(refreshBefore);
    }

    private AccessToken fetch() {
        var request = new TokenRequest(
                tokenEndpoint,
                authentication.forEndpoint(tokenEndpoint, clock),
                new ClientCredentialsGrant(),
                scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new)));
        TokenResponse response;
        try {
            response = TokenResponse.parse(ProviderHttp.send(transport, request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new LoginException("invalid-token-response", "the token response does not parse", e);
        }
        if (!response.indicatesSuccess()) {
            throw LoginException.fromOAuthError(response.toErrorResponse().getErrorObject());
        }
        var accessToken = ((AccessTokenResponse) response).getTokens().getAccessToken();
        var lifetime = accessToken.getLifetime() > 0 ? Duration.ofSeconds(accessToken.getLifetime()) : defaultLifetime;
        return new AccessToken(accessToken.getValue(), clock.instant().plus(lifetime));
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    public static final class Builder {
        private URI tokenEndpoint;
        private ClientAuthentication authentication;
        private Set<String> scopes = Set.of();
        private Duration refreshBefore = Duration.ofSeconds(60);
        private Duration defaultLifetime = Duration.ofMinutes(5);
        private Transport transport;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder tokenEndpoint(URI endpoint) {
            this.tokenEndpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        public Builder clientAuthentication(ClientAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        public Builder scopes(String... requested) {
            this.scopes = Set.of(requested);
            return this;
        }

        /** How long before expiry a token is replaced; 60 s by default. */
        public Builder refreshBefore(Duration margin) {
            this.refreshBefore = Objects.requireNonNull(margin, "margin");
            return this;
        }

        /** The lifetime assumed when the provider does not say ({@code expires_in}); 5 minutes by default. */
        public Builder defaultLifetime(Duration lifetime) {
            this.defaultLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** The transport for token requests; by default the provider makes (and closes) its own. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ClientCredentialsTokenProvider build() {
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            Objects.requireNonNull(authentication, "clientAuthentication");
            return new ClientCredentialsTokenProvider(this, transport != null ? transport : Transport.create());
        }
    }
}
