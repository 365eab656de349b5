package io.khidma.core.problem;

/** The credentials are valid but do not allow this call (403). */
public class ForbiddenException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
