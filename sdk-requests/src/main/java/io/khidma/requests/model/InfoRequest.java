package io.khidma.requests.model;

import java.util.List;
import java.util.Objects;

/**
 * An agency asking the citizen for more: a message, and the fields and document kinds to provide.
 */
public record InfoRequest(String message, List<String> fields, List<String> documents) {

    public InfoRequest {
        Objects.requireNonNull(message, "message");
        if (message.isBlank() || message.length() > 2000) {
            throw new IllegalArgumentException("message must be 1-2000 characters");
        }
        fields = fields == null ? List.of() : List.copyOf(fields);
        documents = documents == null ? List.of() : List.copyOf(documents);
    }
}
