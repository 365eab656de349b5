package io.khidma.core.identity.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.Database;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Html;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * An OpenID Connect provider for development and tests, in the style of UAE PASS: discovery, JWKS,
 * authorize (a test citizen picked by {@code login_hint}, or from a bilingual chooser page; no
 * passwords), token (authorization code with PKCE S256 and single-use codes that expire after 10
 * minutes; client credentials; refresh), UserInfo with UAE PASS claims, and end-session. ID and
 * access tokens are signed ES256, or RS256 for clients registered that way; keys rotate with
 * {@link #publishNextKeys()}, {@link #activateNextKeys()} and {@link #retireKey(String)}.
 *
 * <p><strong>Never for production.</strong> It refuses to start unless the process is in sandbox
 * mode ({@code KHIDMA_MODE=sandbox} or {@code -Dkhidma.mode=sandbox}).
 */
@Path("/identity")
public final class SandboxIdentityProvider {

    public static final String MODE_VARIABLE = "KHIDMA_MODE";
    public static final String MODE_PROPERTY = "khidma.mode";
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    public static final Duration REFRESH_LIFETIME = Duration.ofHours(8);

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record PendingCode(
            String clientId,
            URI redirectUri,
            String subject,
            String nonce,
            String challenge,
            String scope,
            Instant expiresAt) {}

    private record RefreshGrant(String clientId, String subject, String scope, Instant expiresAt) {}

    private final URI issuer;
    private final String audience;
    private final Map<String, TestCitizen> citizens;
    private final Map<String, TestClient> clients;
    private final Clock clock;
    private final SigningKeys keys = new SigningKeys();
    private final ConcurrentHashMap<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> usedAssertions = new ConcurrentHashMap<>();
    private final AccessTokenValidator ownTokens;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile boolean jwksAvailable = true;
    private final MeterRegistry meters;
    private final Audit audit;

    /** Where key rotations are recorded. */
    private record Audit(Jdbi jdbi, AuditTrail trail) {}

    private SandboxIdentityProvider(Builder b) {
        this.issuer = b.issuer;
        this.meters = b.meters;
        this.audit = b.audit == null ? null : new Audit(b.audit.jdbi(), AuditTrail.on(b.audit));
        this.audience = b.audience;
        this.citizens = Map.copyOf(b.citizens);
        this.clients = Map.copyOf(b.clients);
        this.clock = b.clock;
        this.ownTokens = AccessTokenValidator.builder()
                .issuer(issuer.toString())
                .audience(audience)
                .keys(localKeys())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this process runs in sandbox mode, the only mode this provider starts in. */
    public static boolean sandboxMode() {
        var mode = System.getProperty(MODE_PROPERTY, System.getenv(MODE_VARIABLE));
        return "sandbox".equalsIgnoreCase(mode);
    }

    public URI issuer() {
        return issuer;
    }

    public URI jwksUri() {
        return URI.create(issuer + "/jwks");
    }

    public URI tokenEndpoint() {
        return URI.create(issuer + "/token");
    }

    /** The audience of the access tokens it issues. */
    public String audience() {
        return audience;
    }

    /**
     * A validator of the access tokens it issues, reading its keys in-process: what a resource
     * server running beside it registers with {@code new BearerTokenFilter(provider.tokenValidator())}.
     */
    public AccessTokenValidator tokenValidator() {
        return ownTokens;
    }

    /** Its public keys as an in-process source, for a resource server running beside it. */
    public JWKSource<SecurityContext> localKeys() {
        return (selector, context) -> selector.select(keys.publicKeys());
    }

    /** Publishes a new key pair in the JWKS, not yet signing. */
    public List<String> publishNextKeys() {
        return keys.publishNext(ids -> audited("identity.key.publish", String.join(" ", ids)));
    }

    /** Signs with the published next pair; returns the ids of the keys that stopped signing. */
    public List<String> activateNextKeys() {
        return keys.activateNext(ids -> audited("identity.key.activate", String.join(" ", ids)));
    }

    /** Removes a key that no longer signs from the JWKS. */
    public void retireKey(String keyId) {
        keys.retire(keyId, id -> audited("identity.key.retire", id));
    }

    /** The entry of a key rotation step, committed before the step takes effect. */
    private void audited(String action, String keyIds) {
        if (audit != null) {
            audit.jdbi().useTransaction(h -> audit.trail()
                    .record(h, AuditEvent.of(action, "signing_key", keyIds, List.of())));
        }
    }

    /** Simulates a JWKS endpoint outage: while {@code false}, {@code /jwks} answers 503. */
    public void jwksAvailable(boolean available) {
        this.jwksAvailable = available;
    }

    /** How many times {@code /jwks} was asked for. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** How many requests reached the token endpoint. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> discovery() {
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("issuer", issuer.toString());
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", tokenEndpoint().toString());
        metadata.put("userinfo_endpoint", issuer + "/userinfo");
        metadata.put("jwks_uri", jwksUri().toString());
        metadata.put("end_session_endpoint", issuer + "/logout");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("ES256", "RS256"));
        metadata.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        metadata.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "RS256"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("scopes_supported", List.of("openid", "profile", "email", "phone"));
        metadata.put("ui_locales_supported", List.of("ar", "en"));
        metadata.put(
                "acr_values_supported",
                List.of(
                        acr(io.khidma.core.identity.LevelOfAssurance.LOW),
                        acr(io.khidma.core.identity.LevelOfAssurance.SUBSTANTIAL),
                        acr(io.khidma.core.identity.LevelOfAssurance.HIGH)));
        metadata.put(
                "claims_supported",
                List.of(
                        "sub",
                        "uuid",
                        "idn",
                        "fullnameAR",
                        "fullnameEN",
                        "nationalityEN",
                        "gender",
                        "mobile",
                        "email",
                        "userType"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        return metadata;
    }

    @GET
    @Path("jwks")
    @Produces("application/jwk-set+json")
    public String jwks() {
        jwksRequests.incrementAndGet();
        if (!jwksAvailable) {
            throw ProblemException.of(ProblemType.SERVICE_UNAVAILABLE, "The JWKS endpoint is down (simulated outage)")
                    .withHeader("Retry-After", "5");
        }
        return keys.publicKeys().toString();
    }

    @GET
    @Path("authorize")
    public Response authorize(@Context UriInfo uri) {
        var q = uri.getQueryParameters();
        var clientId = q.getFirst("client_id");
        var client = clientId == null ? null : clients.get(clientId);
        if (client == null) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "Unknown client_id");
        }
        URI redirect;
        try {
            redirect = q.getFirst("redirect_uri") == null ? null : URI.create(q.getFirst("redirect_uri"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "redirect_uri is not a URI");
        }
        if (!client.allowsRedirectTo(redirect)) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "redirect_uri is not registered for this client");
        }
        var state = q.getFirst("state");
        if (!"code".equals(q.getFirst("response_type"))) {
            return redirectError(redirect, state, "unsupported_response_type", "only the code flow is supported");
        }
        var scope = q.getFirst("scope") == null ? "" : q.getFirst("scope");
        if (!Arrays.asList(scope.split(" ")).contains("openid")) {
            return redirectError(redirect, state, "invalid_scope", "scope must include openid");
        }
        if (q.getFirst("code_challenge") == null || !"S256".equals(q.getFirst("code_challenge_method"))) {
            return redirectError(redirect, state, "invalid_request", "PKCE with S256 is required");
        }
        if (q.getFirst("nonce") == null) {
            return redirectError(redirect, state, "invalid_request", "nonce is required");
        }
        var citizen = citizenFor(q.getFirst("login_hint"));
        if (citizen == null) {
            if ("none".equals(q.getFirst("prompt"))) {
                return redirectError(redirect, state, "login_required", "no citizen is logged in");
            }
            return Response.ok(chooserPage(uri), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .build();
        }
        var code = randomToken();
        codes.put(
                code,
                new PendingCode(
                        client.clientId(),
                        redirect,
                        citizen.subject(),
                        q.getFirst("nonce"),
                        q.getFirst("code_challenge"),
                        scope,
                        clock.instant().plus(CODE_LIFETIME)));
        var params = new LinkedHashMap<String, String>();
        params.put("code", code);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer.toString());
        return Response.seeOther(withQuery(redirect, params)).build();
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam("Authorization") String authorization, MultivaluedMap<String, String> form) {
        tokenRequests.incrementAndGet();
        TestClient client;
        try {
            client = authenticateClient(authorization, form);
        } catch (OAuthError e) {
            return e.response();
        }
        var grant = String.valueOf(form.getFirst("grant_type"));
        try {
            var issued =
                    switch (grant) {
                        case "authorization_code" -> codeGrant(client, form);
                        case "refresh_token" -> refreshGrant(client, form);
                        case "client_credentials" -> clientCredentialsGrant(client, form);
                        default -> throw new OAuthError(400, "unsupported_grant_type", "grant_type is not supported");
                    };
            Counter.builder("khidma.identity.tokens.issued")
                    .description("Access tokens issued, by grant type")
                    .tag("grant", grant)
                    .register(meters)
                    .increment();
            return issued;
        } catch (OAuthError e) {
            return e.response();
        }
    }

    @GET
    @Path("userinfo")
    @Produces(MediaType.APPLICATION_JSON)
    public Response userInfo(@HeaderParam("Authorization") String authorization) {
        KhidmaPrincipal principal;
        try {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidTokenException("no bearer token", null);
            }
            principal = ownTokens.validate(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            return Response.status(401)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .entity(Map.of("error", "invalid_token", "error_description", "the access token is not valid"))
                    .build();
        }
        var citizen = citizens.get(principal.subject());
        if (principal.kind() != KhidmaPrincipal.Kind.CITIZEN || citizen == null) {
            return Response.status(403)
                    .entity(Map.of("error", "insufficient_scope", "error_description", "not a citizen's token"))
                    .build();
        }
        var claims = new LinkedHashMap<String, Object>();
        claims.put("sub", citizen.subject());
        claims.put("uuid", citizen.subject());
        putIfPresent(claims, "idn", citizen.nationalId());
        putIfPresent(claims, "fullnameAR", citizen.name().ar());
        putIfPresent(claims, "fullnameEN", citizen.name().en());
        putIfPresent(claims, "nationalityEN", citizen.nationality());
        putIfPresent(claims, "gender", citizen.gender());
        putIfPresent(claims, "mobile", citizen.mobile());
        putIfPresent(claims, "email", citizen.email());
        claims.put("userType", citizen.userType());
        return Response.ok(claims).build();
    }

    @GET
    @Path("logout")
    public Response logout(
            @QueryParam("id_token_hint") String idTokenHint,
            @QueryParam("post_logout_redirect_uri") String postLogoutRedirect,
            @QueryParam("state") String state) {
        SignedJWT hint = null;
        if (idTokenHint != null) {
            try {
                hint = SignedJWT.parse(idTokenHint);
                if (!issuer.toString().equals(hint.getJWTClaimsSet().getIssuer())) {
                    throw ProblemException.of(ProblemType.BAD_REQUEST, "id_token_hint was not issued here");
                }
                var subject = hint.getJWTClaimsSet().getSubject();
                var audiences = hint.getJWTClaimsSet().getAudience();
                refreshTokens
                        .values()
                        .removeIf(grant -> grant.subject().equals(subject) && audiences.contains(grant.clientId()));
            } catch (java.text.ParseException e) {
                throw ProblemException.of(ProblemType.BAD_REQUEST, "id_token_hint is not a JWT");
            }
        }
        if (postLogoutRedirect != null) {
            URI target;
            try {
                target = URI.create(postLogoutRedirect);
            } catch (IllegalArgumentException e) {
                throw ProblemException.of(ProblemType.BAD_REQUEST, "post_logout_redirect_uri is not a URI");
            }
            // Only a URI registered for the client the hint was issued to: no open redirect.
            var registered = hint != null
                    && audienceOf(hint).stream()
                            .map(clients::get)
                            .anyMatch(c -> c != null && c.redirectUris().contains(target));
            if (!registered) {
                throw ProblemException.of(
                        ProblemType.BAD_REQUEST,
                        "post_logout_redirect_uri needs an id_token_hint and a registered URI");
            }
            return Response.seeOther(state == null ? target : withQuery(target, Map.of("state", state)))
                    .build();
        }
        return Response.ok(
                        page(
                                "تم تسجيل الخروج — Signed out",
                                "<p>تم تسجيل خروجك من صندوق التجربة.</p>"
                                        + "<p lang=\"en\" dir=\"ltr\">You are signed out of the sandbox.</p>"),
                        MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }

    private static List<String> audienceOf(SignedJWT hint) {
        try {
            return hint.getJWTClaimsSet().getAudience();
        } catch (java.text.ParseException e) {
            return List.of();
        }
    }

    private Response codeGrant(TestClient client, MultivaluedMap<String, String> form) throws OAuthError {
        var code = form.getFirst("code");
        var pending = code == null ? null : codes.remove(code);
        if (pending == null || clock.instant().isAfter(pending.expiresAt())) {
            throw new OAuthError(400, "invalid_grant", "the code is unknown, used or expired");
        }
        if (!pending.clientId().equals(client.clientId())) {
            throw new OAuthError(400, "invalid_grant", "the code was issued to another client");
        }
        if (!pending.redirectUri().toString().equals(form.getFirst("redirect_uri"))) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri differs from the authorization request");
        }
        var verifier = form.getFirst("code_verifier");
        if (verifier == null
                || !constantTimeEquals(
                        CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier))
                                .getValue(),
                        pending.challenge())) {
            throw new OAuthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
        }
        return tokenResponse(client, citizens.get(pending.subject()), pending.scope(), pending.nonce(), true);
    }

    private Response refreshGrant(TestClient client, MultivaluedMap<String, String> form) throws OAuthError {
        var token = form.getFirst("refresh_token");
        var grant = token == null ? null : refreshTokens.remove(token);
        if (grant == null
                || clock.instant().isAfter(grant.expiresAt())
                || !grant.clientId().equals(client.clientId())) {
            throw new OAuthError(
                    400, "invalid_grant", "the refresh token is unknown, used, expired or another client's");
        }
        return tokenResponse(client, citizens.get(grant.subject()), grant.scope(), null, true);
    }

    private Response clientCredentialsGrant(TestClient client, MultivaluedMap<String, String> form) throws OAuthError {
        if (client.scopes().isEmpty()) {
            throw new OAuthError(400, "unauthorized_client", "this client may not use client credentials");
        }
        var asked = form.getFirst("scope");
        Set<String> scopes =
                asked == null ? client.scopes() : Set.of(asked.trim().split("\\s+"));
        if (!client.scopes().containsAll(scopes)) {
            throw new OAuthError(400, "invalid_scope", "the client may not have scope " + asked);
        }
        var scope = scopes.stream().sorted().collect(Collectors.joining(" "));
        var accessToken = accessToken(client, client.clientId(), scope, client.agencyId());
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        body.put("scope", scope);
        return noStore(Response.ok(body));
    }

    private Response tokenResponse(TestClient client, TestCitizen citizen, String scope, String nonce, boolean refresh)
            throws OAuthError {
        if (citizen == null) {
            throw new OAuthError(400, "invalid_grant", "the citizen no longer exists");
        }
        var accessToken = accessToken(client, citizen.subject(), scope, null);
        var algorithm = client.signWithRsa() ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        var now = clock.instant();
        var idClaims = new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject(citizen.subject())
                .audience(client.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("auth_time", now.getEpochSecond())
                .claim("acr", acr(citizen.level()))
                .claim(
                        "at_hash",
                        AccessTokenHash.compute(new BearerAccessToken(accessToken), algorithm, null)
                                .getValue());
        if (nonce != null) {
            idClaims.claim("nonce", nonce);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        body.put("scope", scope);
        body.put("id_token", sign(idClaims.build(), algorithm, JOSEObjectType.JWT));
        if (refresh) {
            var refreshToken = randomToken();
            refreshTokens.put(
                    refreshToken,
                    new RefreshGrant(client.clientId(), citizen.subject(), scope, now.plus(REFRESH_LIFETIME)));
            body.put("refresh_token", refreshToken);
        }
        return noStore(Response.ok(body));
    }

    private String accessToken(TestClient client, String subject, String scope, String agencyId) {
        var now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", client.clientId())
                .claim("scope", scope);
        if (agencyId != null) {
            claims.claim("agency_id", agencyId);
        }
        var algorithm = client.signWithRsa() ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        return sign(claims.build(), algorithm, new JOSEObjectType("at+jwt"));
    }

    private String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JOSEObjectType type) {
        JWK key = keys.signing(algorithm);
        var jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(key.getKeyID())
                        .type(type)
                        .build(),
                claims);
        try {
            jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private TestClient authenticateClient(String authorization, MultivaluedMap<String, String> form) throws OAuthError {
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean post = form.containsKey("client_secret");
        boolean assertion = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (assertion ? 1 : 0) > 1) {
            // RFC 6749, section 2.3: one method per request, so no method can stand in for another.
            throw new OAuthError(400, "invalid_request", "more than one client authentication method was used");
        }
        if (basic) {
            ClientSecretBasic credentials;
            try {
                credentials = ClientSecretBasic.parse(authorization);
            } catch (ParseException e) {
                throw invalidClient("malformed Basic credentials");
            }
            return clientWithSecret(
                    credentials.getClientID().getValue(),
                    credentials.getClientSecret().getValue());
        }
        if (post) {
            var clientId = form.get("client_id");
            var secret = form.get("client_secret");
            if (clientId == null || clientId.size() != 1 || secret.size() != 1) {
                throw invalidClient("client_secret_post needs one client_id and one client_secret");
            }
            return clientWithSecret(clientId.get(0), secret.get(0));
        }
        if (assertion) {
            if (!JWT_BEARER.equals(form.getFirst("client_assertion_type"))) {
                throw invalidClient("client_assertion_type must be " + JWT_BEARER);
            }
            return verifyAssertion(form);
        }
        throw invalidClient(
                "client authentication is required (client_secret_basic, client_secret_post or private_key_jwt)");
    }

    private TestClient clientWithSecret(String clientId, String secret) throws OAuthError {
        var client = clients.get(clientId);
        if (client == null || client.secret() == null || !constantTimeEquals(client.secret(), secret)) {
            throw invalidClient("unknown client or wrong secret");
        }
        return client;
    }

    private TestClient verifyAssertion(MultivaluedMap<String, String> form) throws OAuthError {
        PrivateKeyJWT assertion;
        try {
            assertion = PrivateKeyJWT.parse(Map.of(
                    "client_assertion_type", List.of(JWT_BEARER),
                    "client_assertion", List.of(String.valueOf(form.getFirst("client_assertion")))));
        } catch (ParseException e) {
            throw invalidClient("malformed client assertion");
        }
        var client = clients.get(assertion.getClientID().getValue());
        if (client == null || client.publicKey() == null) {
            throw invalidClient("unknown client or no registered key");
        }
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                new ImmutableJWKSet<>(new com.nimbusds.jose.jwk.JWKSet(client.publicKey()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                Set.of(tokenEndpoint().toString(), issuer.toString()),
                new JWTClaimsSet.Builder()
                        .issuer(client.clientId())
                        .subject(client.clientId())
                        .build(),
                Set.of("exp", "jti"),
                null));
        JWTClaimsSet claims;
        try {
            claims = processor.process(assertion.getClientAssertion(), null);
        } catch (BadJOSEException | JOSEException e) {
            throw invalidClient("the client assertion does not verify: " + e.getMessage());
        }
        var expires = claims.getExpirationTime().toInstant();
        if (expires.isAfter(clock.instant().plus(Duration.ofMinutes(2)).plusSeconds(60))) {
            throw invalidClient("the client assertion lives longer than 2 minutes");
        }
        usedAssertions.values().removeIf(expiry -> expiry.isBefore(clock.instant()));
        if (usedAssertions.putIfAbsent(claims.getJWTID(), expires) != null) {
            throw invalidClient("the client assertion was already used (jti replay)");
        }
        return client;
    }

    private TestCitizen citizenFor(String hint) {
        if (hint == null) {
            return null;
        }
        var bySubject = citizens.get(hint);
        if (bySubject != null) {
            return bySubject;
        }
        return citizens.values().stream()
                .filter(c -> hint.equals(c.nationalId()) || hint.equalsIgnoreCase(c.email()))
                .findFirst()
                .orElse(null);
    }

    private String chooserPage(UriInfo uri) {
        var items = new StringBuilder();
        for (var citizen : citizens.values().stream()
                .sorted((a, b) -> a.subject().compareTo(b.subject()))
                .toList()) {
            var link = uri.getRequestUriBuilder()
                    .replaceQueryParam("login_hint", citizen.subject())
                    .build();
            items.append("<li><a href=\"")
                    .append(Html.escape(link.toString()))
                    .append("\">")
                    .append(Html.escape(citizen.name().ar()))
                    .append(" — <span lang=\"en\" dir=\"ltr\">")
                    .append(Html.escape(citizen.name().en()))
                    .append("</span> (")
                    .append(citizen.userType())
                    .append(")</a></li>\n");
        }
        return page(
                "اختر مواطناً تجريبياً — Choose a test citizen",
                "<p>صندوق التجربة لا يطلب كلمات مرور. <span lang=\"en\" dir=\"ltr\">The sandbox asks for no passwords.</span></p>\n<ul>\n"
                        + items + "</ul>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head><meta charset=\"utf-8\"><title>"
                + Html.escape(title) + "</title></head>\n<body>\n<h1>" + Html.escape(title) + "</h1>\n" + body
                + "\n</body>\n</html>\n";
    }

    private static Response redirectError(URI redirect, String state, String error, String description) {
        var params = new LinkedHashMap<String, String>();
        params.put("error", error);
        params.put("error_description", description);
        if (state != null) {
            params.put("state", state);
        }
        return Response.seeOther(withQuery(redirect, params)).build();
    }

    private static URI withQuery(URI base, Map<String, String> params) {
        var query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var text = base.toString();
        return URI.create(text + (base.getRawQuery() == null ? "?" : "&") + query);
    }

    private static String acr(io.khidma.core.identity.LevelOfAssurance level) {
        return "http://eidas.europa.eu/LoA/" + level.name().toLowerCase(Locale.ROOT);
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private static String randomToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Response noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private static OAuthError invalidClient(String description) {
        return new OAuthError(401, "invalid_client", description);
    }

    /** An OAuth 2.0 error answer (RFC 6749, section 5.2); the token endpoint speaks OAuth, not RFC 9457. */
    private static final class OAuthError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String error;

        OAuthError(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }

        Response response() {
            var builder = Response.status(status)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", error, "error_description", getMessage()));
            if (status == 401) {
                builder.header("WWW-Authenticate", "Basic realm=\"khidma-sandbox\"");
            }
            return noStore(builder);
        }
    }

    public static final class Builder {
        private URI issuer;
        private String audience = "khidma";
        private final Map<String, TestCitizen> citizens = new LinkedHashMap<>();
        private final Map<String, TestClient> clients = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meters = new CompositeMeterRegistry();
        private Database audit;

        private Builder() {}

        /**
         * Records each step of a signing-key rotation ({@code identity.key.publish}, {@code
         * .activate}, {@code .retire}) in the audit trail of {@code database}, before it takes effect.
         */
        public Builder audit(Database database) {
            this.audit = Objects.requireNonNull(database, "database");
            return this;
        }

        /** Where to count the tokens issued ({@code khidma_identity_tokens_issued_total{grant}}). */
        public Builder meters(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** The issuer: the server's base URI followed by {@code /identity}, e.g. {@code http://127.0.0.1:8080/identity}. */
        public Builder issuer(URI issuer) {
            var text = Objects.requireNonNull(issuer, "issuer").toString();
            this.issuer = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** The {@code aud} of issued access tokens; {@code khidma} by default. */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        public Builder citizen(TestCitizen citizen) {
            citizens.put(citizen.subject(), citizen);
            return this;
        }

        public Builder client(TestClient client) {
            clients.put(client.clientId(), client);
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @throws IllegalStateException outside sandbox mode: this provider logs anyone in without a password
         */
        public SandboxIdentityProvider build() {
            if (!sandboxMode()) {
                throw new IllegalStateException("SandboxIdentityProvider logs anyone in without a password and only "
                        + "starts in sandbox mode; set " + MODE_VARIABLE + "=sandbox (or -D" + MODE_PROPERTY
                        + "=sandbox) on development machines, never in production");
            }
            Objects.requireNonNull(issuer, "issuer");
            return new SandboxIdentityProvider(this);
        }
    }
}
