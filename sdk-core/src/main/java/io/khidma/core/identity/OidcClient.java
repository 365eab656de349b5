package io.khidma.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.InvalidHashException;
import io.khidma.core.http.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OpenID Connect relying party: logs citizens in with the authorization code flow and PKCE
 * (S256, always), validates their ID tokens and reads their profile. Built from the provider's
 * discovery document or from explicit endpoints. Thread-safe; one per provider and client.
 *
 * <pre>{@code
 * var oidc = OidcClient.builder()
 *         .issuer(URI.create("https://id.uaepass.ae"))
 *         .clientAuthentication(ClientAuthentication.secretBasic("rta-portal", secret))
 *         .redirectUri(URI.create("https://portal.rta.ae/login/callback"))
 *         .profileMapping(ProfileMapping.uaePass())
 *         .build();
 *
 * LoginRequest login = oidc.authorizationRequest(AuthorizationOptions.defaults());
 * session.put("login", login);                       // then redirect the browser to login.uri()
 * ...
 * Tokens tokens = oidc.completeLogin(callbackUri, session.get("login"));
 * CitizenProfile citizen = oidc.userInfo(tokens);
 * }</pre>
 */
public final class OidcClient implements AutoCloseable {

    /** Signature algorithms accepted on ID tokens: asymmetric only, so no {@code none} and no HMAC. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.PS256);

    private final OidcProvider provider;
    private final ClientAuthentication authentication;
    private final URI redirectUri;
    private final ProfileMapping profileMapping;
    private final Transport transport;
    private final boolean ownsTransport;
    private final IDTokenValidator idTokenValidator;
    private final Clock clock;

    private OidcClient(Builder b, OidcProvider provider, Transport transport) {
        this.provider = provider;
        this.authentication = b.authentication;
        this.redirectUri = b.redirectUri;
        this.profileMapping = b.profileMapping;
        this.transport = transport;
        this.ownsTransport = b.transport == null;
        this.clock = b.clock;
        JWKSource<SecurityContext> keys = b.jwks.source(provider.jwksUri(), transport);
        this.idTokenValidator = new IDTokenValidator(
                new Issuer(provider.issuer()),
                new ClientID(authentication.clientId()),
                new JWSVerificationKeySelector<>(b.algorithms, keys),
                null);
        this.idTokenValidator.setMaxClockSkew(Math.toIntExact(b.clockSkew.toSeconds()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public OidcProvider provider() {
        return provider;
    }

    /** A new login: fresh {@code state}, {@code nonce} and PKCE verifier, and the URL to send the browser to. */
    public LoginRequest authorizationRequest(AuthorizationOptions options) {
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        var request = new AuthenticationRequest.Builder(
                        ResponseType.CODE,
                        new Scope(options.scopes().toArray(String[]::new)),
                        new ClientID(authentication.clientId()),
                        redirectUri)
                .endpointURI(provider.authorizationEndpoint())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .acrValues(
                        options.acrValues().isEmpty()
                                ? null
                                : options.acrValues().stream().map(ACR::new).toList())
                .uiLocales(options.uiLocales().isEmpty() ? null : langTags(options))
                .loginHint(options.loginHint())
                .prompt(options.prompt() == null ? null : new Prompt(options.prompt()))
                .build();
        return new LoginRequest(request.toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /**
     * Finishes a login at the callback: checks {@code state}, surfaces a provider error, exchanges
     * the code (with the PKCE verifier) and validates the ID token against {@code pending}'s nonce.
     *
     * @throws LoginException with {@code state-mismatch}, the provider's OAuth error code, or
     *     {@code invalid-id-token}
     */
    public Tokens completeLogin(URI callback, LoginRequest pending) {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(callback);
        } catch (ParseException e) {
            throw new LoginException("invalid-callback", "the callback carries no code and no error", e);
        }
        if (response.getState() == null
                || !pending.state().equals(response.getState().getValue())) {
            throw new LoginException("state-mismatch", "the callback's state is not the one this login sent");
        }
        if (!response.indicatesSuccess()) {
            throw LoginException.fromOAuthError(response.toErrorResponse().getErrorObject());
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new LoginException("invalid-callback", "the callback carries no authorization code");
        }
        var grant = new AuthorizationCodeGrant(code, redirectUri, new CodeVerifier(pending.codeVerifier()));
        return requestTokens(grant, new Nonce(pending.nonce()));
    }

    /** New tokens for a refresh token (the refresh-token grant). */
    public Tokens refresh(String refreshToken) {
        return requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), null);
    }

    /** The citizen's profile from UserInfo, with the level of assurance from the configured claim or {@code acr}. */
    public CitizenProfile userInfo(Tokens tokens) {
        if (provider.userInfoEndpoint() == null) {
            throw new LoginException("no-userinfo", "the provider has no UserInfo endpoint");
        }
        var request = new UserInfoRequest(
                provider.userInfoEndpoint(),
                new BearerAccessToken(tokens.accessToken().value()));
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(ProviderHttp.send(transport, request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new LoginException("invalid-userinfo", "the UserInfo response does not parse", e);
        }
        if (!response.indicatesSuccess()) {
            throw LoginException.fromOAuthError(response.toErrorResponse().getErrorObject());
        }
        var info = response.toSuccessResponse().getUserInfo();
        if (!info.getSubject().getValue().equals(tokens.subject())) {
            throw new LoginException("subject-mismatch", "UserInfo is about another subject than the ID token");
        }
        return profileMapping.read(tokens.subject(), info.toJSONObject(), tokens.acr());
    }

    /**
     * The provider's RP-initiated logout URL for this session.
     *
     * @param postLogoutRedirectUri where the provider sends the browser back, or {@code null}
     * @param state echoed back to {@code postLogoutRedirectUri}, or {@code null}
     */
    public URI logoutUri(Tokens tokens, URI postLogoutRedirectUri, String state) {
        var endSession = provider.endSession()
                .orElseThrow(() -> new LoginException("no-end-session", "the provider offers no RP-initiated logout"));
        JWT hint;
        try {
            hint = JWTParser.parse(tokens.idToken());
        } catch (java.text.ParseException e) {
            throw new LoginException("invalid-id-token", "the ID token hint does not parse", e);
        }
        return new LogoutRequest(endSession, hint, postLogoutRedirectUri, state == null ? null : new State(state))
                .toURI();
    }

    /** Closes the transport when the builder made it. */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    private Tokens requestTokens(AuthorizationGrant grant, Nonce nonce) {
        var endpoint = provider.tokenEndpoint();
        var request = new TokenRequest.Builder(endpoint, authentication.forEndpoint(endpoint, clock), grant).build();
        OIDCTokenResponse success;
        try {
            var response = OIDCTokenResponseParser.parse(ProviderHttp.send(transport, request.toHTTPRequest()));
            if (!response.indicatesSuccess()) {
                throw LoginException.fromOAuthError(response.toErrorResponse().getErrorObject());
            }
            success = (OIDCTokenResponse) response.toSuccessResponse();
        } catch (ParseException e) {
            throw new LoginException("invalid-token-response", "the token response does not parse", e);
        }
        var oidcTokens = success.getOIDCTokens();
        var accessToken = oidcTokens.getAccessToken();
        var idToken = oidcTokens.getIDToken();
        if (idToken == null) {
            throw new LoginException("invalid-id-token", "the token response carries no ID token");
        }
        var claims = validate(idToken, nonce, accessToken);
        var refresh = oidcTokens.getRefreshToken();
        return new Tokens(
                new io.khidma.core.identity.AccessToken(
                        accessToken.getValue(),
                        accessToken.getLifetime() > 0 ? clock.instant().plusSeconds(accessToken.getLifetime()) : null),
                refresh == null ? null : refresh.getValue(),
                idToken.serialize(),
                claims.getSubject().getValue(),
                claims.getACR() == null ? null : claims.getACR().getValue());
    }

    /** Validates an ID token as a login would; for tests of the validation rules. */
    IDTokenClaimsSet validateIdToken(String idToken, String nonce, String accessToken) {
        try {
            return validate(
                    JWTParser.parse(idToken),
                    nonce == null ? null : new Nonce(nonce),
                    accessToken == null ? null : new BearerAccessToken(accessToken));
        } catch (java.text.ParseException e) {
            throw new LoginException("invalid-id-token", "the ID token does not parse", e);
        }
    }

    private IDTokenClaimsSet validate(JWT idToken, Nonce nonce, AccessToken accessToken) {
        try {
            var claims = idTokenValidator.validate(idToken, nonce);
            // OpenID Connect Core 3.1.3.7: with several audiences, azp must be present and name us.
            var azp = claims.getAuthorizedParty();
            if ((claims.getAudience().size() > 1 && azp == null)
                    || (azp != null && !azp.getValue().equals(authentication.clientId()))) {
                throw new LoginException(
                        "invalid-id-token", "the ID token has several audiences and no azp naming this client");
            }
            var atHash = claims.getAccessTokenHash();
            if (atHash != null && accessToken != null) {
                var alg = JWSAlgorithm.parse(idToken.getHeader().getAlgorithm().getName());
                AccessTokenValidator.validate(accessToken, alg, atHash);
            }
            return claims;
        } catch (BadJOSEException | JOSEException e) {
            throw new LoginException("invalid-id-token", e.getMessage(), e);
        } catch (InvalidHashException e) {
            throw new LoginException("invalid-id-token", "at_hash does not match the access token", e);
        }
    }

    private static List<LangTag> langTags(AuthorizationOptions options) {
        var tags = new ArrayList<LangTag>();
        for (var locale : options.uiLocales()) {
            try {
                tags.add(LangTag.parse(locale));
            } catch (LangTagException e) {
                throw new IllegalArgumentException("not a language tag: " + locale, e);
            }
        }
        return tags;
    }

    public static final class Builder {
        private URI issuer;
        private OidcProvider provider;
        private ClientAuthentication authentication;
        private URI redirectUri;
        private ProfileMapping profileMapping = ProfileMapping.standard();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Jwks jwks = Jwks.defaults();
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private Transport transport;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The provider's issuer; {@link #build()} reads its discovery document. */
        public Builder issuer(URI issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Explicit endpoints, for providers without discovery. */
        public Builder provider(OidcProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder clientAuthentication(ClientAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        public Builder redirectUri(URI redirectUri) {
            this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
            return this;
        }

        public Builder profileMapping(ProfileMapping mapping) {
            this.profileMapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Tolerated clock difference with the provider; 60 s by default. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** How the provider's signing keys are cached and re-fetched; {@link Jwks#defaults()} by default. */
        public Builder jwks(Jwks jwks) {
            this.jwks = Objects.requireNonNull(jwks, "jwks");
            return this;
        }

        /** The accepted ID token algorithms; asymmetric ones only. */
        public Builder algorithms(Set<JWSAlgorithm> allowed) {
            for (var alg : allowed) {
                if (!JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
                    throw new IllegalArgumentException(alg + " is not an asymmetric signature algorithm");
                }
            }
            this.algorithms = Set.copyOf(allowed);
            return this;
        }

        /** The transport for calls to the provider; by default the client makes (and closes) its own. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public OidcClient build() {
            Objects.requireNonNull(authentication, "clientAuthentication");
            Objects.requireNonNull(redirectUri, "redirectUri");
            if ((issuer == null) == (provider == null)) {
                throw new IllegalStateException("give either issuer(...) for discovery or provider(...)");
            }
            var http = transport != null ? transport : Transport.create();
            try {
                var endpoints = provider != null ? provider : OidcProvider.discover(issuer, http);
                return new OidcClient(this, endpoints, http);
            } catch (RuntimeException e) {
                if (transport == null) {
                    http.close();
                }
                throw e;
            }
        }
    }
}
