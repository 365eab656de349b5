package io.khidma.core.problem;

/** The request conflicts with the current state of the resource (409). */
public class ConflictException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public ConflictException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
