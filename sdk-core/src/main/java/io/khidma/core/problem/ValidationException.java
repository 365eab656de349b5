package io.khidma.core.problem;

/** The request was well-formed but its content broke a rule of the service (422). */
public class ValidationException extends BadRequestException {

    private static final long serialVersionUID = 1L;

    public ValidationException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
