package io.khidma.core.problem;

/** The server refused the request as malformed or invalid (400). */
public class BadRequestException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
