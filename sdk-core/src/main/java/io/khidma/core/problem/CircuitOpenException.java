package io.khidma.core.problem;

/**
 * The client did not send the call because the circuit breaker for that host is open: the host
 * failed repeatedly, and calls fail fast until the breaker lets a trial call through again.
 */
public class CircuitOpenException extends TransportException {

    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String detail, String requestId, Throwable cause) {
        super(detail, requestId, cause);
    }
}
