package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.text.Text;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A document an agency issued, signed by the platform: what anyone checking it sees.
 *
 * @param code the short verification code, e.g. {@code K7Q2M-9XD3F}
 * @param holder the holder's identifier; only to the holder and the issuing agency
 * @param sha256 the digest of the file, for a file; {@code null} for structured data
 * @param signature the platform's compact JWS (ES256) over the metadata and the digest or data:
 *     checked offline by {@code DocumentVerifier} with the keys at {@code keysUrl}
 */
public record IssuedDocument(
        String code,
        DocumentStatus status,
        String type,
        Text title,
        String agencyId,
        String holder,
        String holderName,
        String requestNumber,
        UUID documentId,
        String mediaType,
        String sha256,
        JsonNode data,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt,
        String revocationReason,
        String signature,
        URI verificationUrl,
        URI receiptUrl,
        URI keysUrl) {}
