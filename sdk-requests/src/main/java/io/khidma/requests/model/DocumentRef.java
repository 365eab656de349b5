package io.khidma.requests.model;

import java.util.Objects;
import java.util.UUID;

/**
 * A document uploaded to {@code /documents}, attached to a request as one of the kinds its form asks for.
 *
 * @param kind the form's document kind, e.g. {@code passport}; for outputs, the agency's name for it
 * @param documentId the id {@code /documents} answered with
 */
public record DocumentRef(String kind, UUID documentId) {

    public DocumentRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(documentId, "document_id");
        if (!kind.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("kind must be 1-48 of a-z, 0-9 and '-'");
        }
    }
}
