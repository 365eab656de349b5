package io.khidma.core.audit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khidma.core.audit.AuditHashes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * One privileged write, as the audit trail keeps it: who (subject, client, agency, on behalf of),
 * what (action, resource, digests of the resource before and after), when, and from where (request
 * id, address). {@link #hash} is the SHA-256 of the previous entry's hash followed by this entry's
 * {@link #canonical() canonical form}, so changing, removing or reordering any entry breaks every
 * hash after it.
 *
 * @param seq the entry's position, from 1, without gaps
 * @param at when the write was made (microseconds)
 * @param action what was done, e.g. {@code payment.refund}, {@code dataset.publish}
 * @param resourceType the kind of resource, e.g. {@code payment}
 * @param resourceId the resource's id
 * @param agencies the agencies the write concerns, sorted
 * @param subject who acted: a token's subject, or {@code system} for the platform's own jobs
 * @param clientId the client the token was issued to
 * @param onBehalfOf the citizen an agency acted for, when there was one
 * @param requestId the request's {@code X-Request-Id}
 * @param address the address the request came from
 * @param beforeDigest the SHA-256 (hex) of the resource as it was, or null for a creation
 * @param afterDigest the SHA-256 (hex) of the resource as it became, or null for a removal
 * @param hash the chain hash, lower-case hex
 */
public record AuditEntry(
        long seq,
        Instant at,
        String action,
        String resourceType,
        String resourceId,
        List<String> agencies,
        String subject,
        String clientId,
        String onBehalfOf,
        String requestId,
        String address,
        String beforeDigest,
        String afterDigest,
        String hash) {

    /** Jackson's defaults, on purpose: nulls written, no indentation, map order kept. */
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        agencies = agencies == null
                ? List.of()
                : agencies.stream().sorted().distinct().toList();
    }

    /**
     * The bytes the hashes cover: every field but the hash, as compact JSON in a fixed order, with
     * {@code at} in RFC 3339 UTC. The server and every verifier compute the same bytes.
     */
    @JsonIgnore
    public byte[] canonical() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("seq", seq);
        fields.put("at", at.toString());
        fields.put("action", action);
        fields.put("resource_type", resourceType);
        fields.put("resource_id", resourceId);
        fields.put("agencies", agencies);
        fields.put("subject", subject);
        fields.put("client_id", clientId);
        fields.put("on_behalf_of", onBehalfOf);
        fields.put("request_id", requestId);
        fields.put("address", address);
        fields.put("before_digest", beforeDigest);
        fields.put("after_digest", afterDigest);
        try {
            return CANONICAL.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry always serialises", e);
        }
    }

    /** This entry with {@code hash} set: the chain hash after {@code previous} (32 zero bytes for the first). */
    public AuditEntry chainedAfter(byte[] previous) {
        return new AuditEntry(
                seq,
                at,
                action,
                resourceType,
                resourceId,
                agencies,
                subject,
                clientId,
                onBehalfOf,
                requestId,
                address,
                beforeDigest,
                afterDigest,
                AuditHashes.hex(AuditHashes.chain(previous, canonical())));
    }
}
