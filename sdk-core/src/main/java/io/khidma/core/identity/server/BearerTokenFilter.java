package io.khidma.core.identity.server;

import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Authenticates bearer tokens (RFC 6750) and enforces {@link RequiresScope}.
 *
 * <ul>
 *   <li>A valid token puts a {@link KhidmaPrincipal} in the request's {@link SecurityContext}; a
 *       request without a bearer token (none, or another scheme) stays anonymous.
 *   <li>An invalid token is refused at once: 401 {@code invalid-token}, {@code WWW-Authenticate:
 *       Bearer error="invalid_token"}.
 *   <li>{@link RequiresScope} without a token: 401 {@code unauthorized}, {@code WWW-Authenticate:
 *       Bearer}; with a token lacking a scope: 403 {@code insufficient-scope}, {@code
 *       WWW-Authenticate: Bearer error="insufficient_scope", scope="…"}.
 * </ul>
 *
 * All answers are problem documents.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {

    private static final String REALM = "khidma";

    private final AccessTokenValidator validator;
    private final Counter failures;

    @Context
    private ResourceInfo resource;

    public BearerTokenFilter(AccessTokenValidator validator) {
        this(validator, new CompositeMeterRegistry());
    }

    /** Counting the tokens it refuses in {@code meters} ({@code khidma_identity_token_validation_failures_total}). */
    public BearerTokenFilter(AccessTokenValidator validator, MeterRegistry meters) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.failures = Counter.builder("khidma.identity.token.validation.failures")
                .description("Bearer tokens refused: expired, badly signed, of another issuer or audience")
                .register(meters);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var principal = authenticate(request);
        var required = requiredScopes();
        if (required == null) {
            return;
        }
        if (principal == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "This operation needs a bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
        }
        var missing = Arrays.stream(required.value())
                .filter(s -> !principal.hasScope(s))
                .toList();
        if (!missing.isEmpty()) {
            var scopes = String.join(" ", required.value());
            throw ProblemException.of(
                            ProblemType.INSUFFICIENT_SCOPE,
                            "The token lacks scope " + missing.stream().collect(Collectors.joining(", ")))
                    .withHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + scopes + "\"");
        }
    }

    private KhidmaPrincipal authenticate(ContainerRequestContext request) {
        var header = request.getHeaderString("Authorization");
        // Other schemes (Basic to a token endpoint) are not this filter's business.
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        if (header.substring(7).isBlank()) {
            failures.increment();
            throw invalidToken("the bearer token is empty");
        }
        KhidmaPrincipal principal;
        try {
            principal = validator.validate(header.substring(7).trim());
        } catch (InvalidTokenException e) {
            failures.increment();
            throw invalidToken(e.getMessage());
        }
        var secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new BearerSecurityContext(principal, secure));
        return principal;
    }

    private RequiresScope requiredScopes() {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        var onMethod = resource.getResourceMethod().getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }

    private static ProblemException invalidToken(String reason) {
        // The description goes in a quoted header value: keep it to safe characters.
        var description = reason == null
                ? "invalid token"
                : reason.replaceAll("[^A-Za-z0-9 .,:;()_-]", "").toLowerCase(Locale.ROOT);
        return ProblemException.of(ProblemType.INVALID_TOKEN, "The bearer token is not valid: " + reason)
                .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + description
                                + "\"");
    }

    private record BearerSecurityContext(KhidmaPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        /** Roles are scopes. */
        @Override
        public boolean isUserInRole(String role) {
            return principal.hasScope(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
