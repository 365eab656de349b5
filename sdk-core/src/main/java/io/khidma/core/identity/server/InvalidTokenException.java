package io.khidma.core.identity.server;

/** A bearer token that did not validate; the message says why, without the token. */
public final class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
