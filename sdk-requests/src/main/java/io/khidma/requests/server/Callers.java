package io.khidma.requests.server;

import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who may do what with requests: citizens their own; agents ({@value #SUBMIT_SCOPE}) apply for a
 * citizen; agency clients ({@value #PROCESS_SCOPE}) work their agency's requests, and those of every
 * agency {@code X} whose {@code requests:process:X} they also hold (a one-stop service centre).
 */
final class Callers {

    static final String SUBMIT_SCOPE = "requests:submit";
    static final String PROCESS_SCOPE = "requests:process";

    private Callers() {}

    static boolean isCitizen(KhidmaPrincipal caller) {
        return AgencyAccess.requireCaller(caller).kind() == KhidmaPrincipal.Kind.CITIZEN;
    }

    static String requireCitizen(KhidmaPrincipal caller) {
        if (!isCitizen(caller)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only the citizen may do this");
        }
        return caller.subject();
    }

    /**
     * Whom a new request is for: the citizen calling, or the citizen an agent names (scope
     * {@value #SUBMIT_SCOPE}).
     */
    static String applicant(KhidmaPrincipal caller, String named) {
        if (isCitizen(caller)) {
            if (named != null && !named.equals(caller.subject())) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "A citizen applies only for themselves");
            }
            return caller.subject();
        }
        AgencyAccess.requireAgency(caller, SUBMIT_SCOPE);
        if (named == null) {
            throw ProblemException.invalid("citizen", "is required when an agent applies for a citizen");
        }
        return named;
    }

    /** The agencies whose requests the caller works; 403 when none. */
    static Set<String> agencies(KhidmaPrincipal caller) {
        AgencyAccess.requireCaller(caller);
        if (caller.kind() != KhidmaPrincipal.Kind.AGENCY_CLIENT
                || caller.agency().isEmpty()) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only an agency client may do this");
        }
        var agencies = new LinkedHashSet<String>();
        if (caller.hasScope(PROCESS_SCOPE)) {
            agencies.add(caller.agency().get());
        }
        for (var scope : caller.scopes()) {
            if (scope.startsWith(PROCESS_SCOPE + ":")) {
                agencies.add(scope.substring(PROCESS_SCOPE.length() + 1));
            }
        }
        if (agencies.isEmpty()) {
            throw ProblemException.of(ProblemType.INSUFFICIENT_SCOPE, "This needs scope " + PROCESS_SCOPE)
                    .withHeader(
                            "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + PROCESS_SCOPE + "\"");
        }
        return agencies;
    }

    /** Who the timeline says acted: the citizen, or the client (and officer) of an agency. */
    static String actor(KhidmaPrincipal caller) {
        return caller.kind() == KhidmaPrincipal.Kind.CITIZEN
                ? "citizen"
                : caller.clientId() == null ? caller.subject() : caller.clientId();
    }
}
