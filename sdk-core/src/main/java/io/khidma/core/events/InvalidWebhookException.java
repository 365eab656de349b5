package io.khidma.core.events;

/** A delivery that must not be trusted: missing headers, a bad signature, or a timestamp outside the tolerance. */
public final class InvalidWebhookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidWebhookException(String message) {
        super(message);
    }
}
