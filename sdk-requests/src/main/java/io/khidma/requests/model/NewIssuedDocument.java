package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.text.Text;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A document an agency issues on a request: a file it produced and uploaded for the citizen
 * ({@code documentId}), or structured data such as a licence ({@code data}); one of the two.
 *
 * @param type what kind of document, e.g. {@code work-contract-attestation}
 * @param holderName the holder's name as printed on the document
 * @param expiresAt when it stops being valid; never when {@code null}
 */
public record NewIssuedDocument(
        String type, Text title, String holderName, UUID documentId, JsonNode data, Instant expiresAt) {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public NewIssuedDocument {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be 1-64 lower-case letters, digits and hyphens");
        }
        Objects.requireNonNull(title, "title");
        if (holderName == null || holderName.isBlank() || holderName.length() > 200) {
            throw new IllegalArgumentException("holder_name must be 1-200 characters");
        }
        if ((documentId == null) == (data == null || data.isNull())) {
            throw new IllegalArgumentException("give either document_id or data");
        }
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new IllegalArgumentException("data must be an object");
        }
    }
}
