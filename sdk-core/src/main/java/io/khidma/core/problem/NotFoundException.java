package io.khidma.core.problem;

/** The resource does not exist, or is not visible to the caller (404). */
public class NotFoundException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
