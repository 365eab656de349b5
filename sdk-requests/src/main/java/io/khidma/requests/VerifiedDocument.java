package io.khidma.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.text.Text;
import java.time.Instant;

/**
 * What a valid signature vouches for: the issuing agency, the holder's name, the document's kind,
 * its dates, and the digest of its file or its data.
 *
 * @param keyId the platform key that signed it
 */
public record VerifiedDocument(
        String code,
        String agencyId,
        String type,
        Text title,
        String holderName,
        String requestNumber,
        Instant issuedAt,
        Instant expiresAt,
        String sha256,
        String mediaType,
        JsonNode data,
        String keyId) {}
