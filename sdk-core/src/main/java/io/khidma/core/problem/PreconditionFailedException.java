package io.khidma.core.problem;

/** A conditional request lost a race (412), or was sent without the condition the server requires (428). */
public class PreconditionFailedException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
