package io.khidma.core.problem;

/** No credentials, or credentials the server did not accept (401). */
public class UnauthorizedException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
