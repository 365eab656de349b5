package io.khidma.core.identity.server;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who called, as a validated bearer token says: a citizen (a token from a login) or an agency
 * client (a client-credentials token, whose subject is the client itself). Resources read it from
 * {@code SecurityContext.getUserPrincipal()}.
 *
 * @param subject the token's {@code sub}
 * @param kind citizen or agency client
 * @param clientId the client the token was issued to ({@code client_id})
 * @param agencyId the agency the client belongs to ({@code agency_id}), or {@code null}
 * @param scopes the granted scopes
 * @param expiresAt the token's {@code exp}
 */
public record KhidmaPrincipal(
        String subject, Kind kind, String clientId, String agencyId, Set<String> scopes, Instant expiresAt)
        implements Principal {

    public enum Kind {
        CITIZEN,
        AGENCY_CLIENT
    }

    public KhidmaPrincipal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String getName() {
        return subject;
    }

    /** Who called, as the {@link BearerTokenFilter} put it in the security context; {@code null} without a token. */
    public static KhidmaPrincipal of(SecurityContext security) {
        return security != null && security.getUserPrincipal() instanceof KhidmaPrincipal principal ? principal : null;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public Optional<String> agency() {
        return Optional.ofNullable(agencyId);
    }
}
