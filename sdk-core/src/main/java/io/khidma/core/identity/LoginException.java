package io.khidma.core.identity;

import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import java.util.List;

/**
 * A login or token step failed: the provider answered with an error, the callback did not match
 * the request, or a token did not validate. {@link #reason()} says which, e.g. {@code
 * state-mismatch}, {@code access_denied}, {@code invalid_grant}, {@code invalid-id-token}.
 */
public class LoginException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public LoginException(String reason, String detail) {
        this(reason, detail, null);
    }

    public LoginException(String reason, String detail, Throwable cause) {
        super(
                new Problem(
                        ProblemType.LOGIN_FAILED.uri(),
                        ProblemType.LOGIN_FAILED.title(),
                        ProblemType.LOGIN_FAILED.status(),
                        reason + ": " + detail,
                        null,
                        ProblemType.LOGIN_FAILED.code(),
                        List.of()),
                null,
                cause);
        this.reason = reason;
    }

    /** The provider's OAuth error (RFC 6749, section 5.2) as an exception. */
    static LoginException fromOAuthError(com.nimbusds.oauth2.sdk.ErrorObject error) {
        return new LoginException(
                error.getCode() == null ? "provider-error" : error.getCode(),
                error.getDescription() == null ? "the provider refused" : error.getDescription());
    }

    /** The machine-readable reason: an OAuth error code from the provider, or one of ours. */
    public String reason() {
        return reason;
    }
}
