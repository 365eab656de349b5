package io.khidma.requests;

/** A document that does not verify, and why. */
public final class InvalidDocumentException extends RuntimeException {

    /** Why a document does not verify. */
    public enum Reason {
        /** The signature is not a JWS of an issued document. */
        MALFORMED,
        /** Signed with a key the verifier does not hold: refresh the keys, or it is not ours. */
        UNKNOWN_KEY,
        /** The signature does not match its content: changed after signing, or forged. */
        BAD_SIGNATURE,
        /** The file is not the one signed: one byte differs. */
        DIGEST_MISMATCH,
        /** Past its expiry. */
        EXPIRED
    }

    private final Reason reason;

    InvalidDocumentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
