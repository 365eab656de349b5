package io.khidma.requests.model;

/** What a verification finds: valid, revoked by its issuer, or past its expiry. */
public enum DocumentStatus {
    VALID,
    REVOKED,
    EXPIRED
}
