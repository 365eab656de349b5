package io.khidma.core.problem;

/**
 * No HTTP response was received: the connection failed, timed out or broke mid-response, or the
 * client refused to send the call (see {@link CircuitOpenException}). {@link #status()} is {@code 0}.
 */
public class TransportException extends KhidmaException {

    private static final long serialVersionUID = 1L;

    public TransportException(String detail, String requestId, Throwable cause) {
        super(Problem.of(ProblemType.TRANSPORT_ERROR, detail), requestId, cause);
    }
}
