package io.khidma.payments.provider;

/**
 * The provider failed: it answered with an error, did not answer in time, or is unreachable. The
 * outcome at the provider is then unknown, so the payment ends in {@code ERROR} and the server
 * voids what may have been authorised.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
