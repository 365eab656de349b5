package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What an agency issues when it completes an approved request: outputs such as the licence number
 * (an object, which later steps of a journey can take as inputs), and documents it uploaded.
 */
public record Completion(JsonNode outputs, List<DocumentRef> documents, String note) {

    public Completion {
        Objects.requireNonNull(outputs, "outputs");
        if (!outputs.isObject()) {
            throw new IllegalArgumentException("outputs must be an object");
        }
        documents = documents == null ? List.of() : List.copyOf(documents);
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note must be at most 2000 characters");
        }
    }
}
