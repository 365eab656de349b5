package io.khidma.core.identity.server;

import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import java.util.Arrays;

/**
 * The checks every agency operation starts with: a bearer token (401 otherwise), an agency client
 * rather than a citizen (403), and one of the scopes the operation accepts (403 {@code
 * insufficient-scope}, with the {@code WWW-Authenticate} challenge naming the first).
 */
public final class AgencyAccess {

    private AgencyAccess() {}

    /** The caller, or a 401 with the bearer challenge when the request carried no token. */
    public static KhidmaPrincipal requireCaller(KhidmaPrincipal caller) {
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "This needs a bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
        return caller;
    }

    /**
     * The caller's agency, when the caller is an agency client holding any of {@code scopes}.
     *
     * @param scopes the scopes that allow the operation, the narrowest first
     */
    public static String requireAgency(KhidmaPrincipal caller, String... scopes) {
        requireCaller(caller);
        if (caller.kind() != KhidmaPrincipal.Kind.AGENCY_CLIENT
                || caller.agency().isEmpty()) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only an agency client may do this");
        }
        if (Arrays.stream(scopes).noneMatch(caller::hasScope)) {
            throw ProblemException.of(ProblemType.INSUFFICIENT_SCOPE, "This needs scope " + scopes[0])
                    .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scopes[0] + "\"");
        }
        return caller.agency().get();
    }
}
