package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The citizen's answer to an information request: fields to set or replace in the application
 * (checked against the form with the rest), and documents to add.
 */
public record InfoResponse(JsonNode data, List<DocumentRef> documents, String note) {

    public InfoResponse {
        documents = documents == null ? List.of() : List.copyOf(documents);
        if (data != null && !data.isObject()) {
            throw new IllegalArgumentException("data must be an object");
        }
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note must be at most 2000 characters");
        }
    }
}
