package io.khidma.core.problem;

/** The server failed to handle a valid request (5xx). */
public class ServerErrorException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public ServerErrorException(Problem problem, String requestId) {
        super(problem, requestId);
    }
}
