package io.khidma.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.text.Text;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Checks an issued document offline: the platform's signature (ES256, verified with Nimbus against
 * the platform's published keys), the file's SHA-256 against the signed digest (compared in
 * constant time), and the expiry. No call to the server: fetch the keys once ({@code
 * RequestsClient.documentKeys()}, or {@code GET /documents/keys}) and keep them; fetch again when a
 * document names a key you do not hold ({@link InvalidDocumentException.Reason#UNKNOWN_KEY}).
 * Revocation is known only to the server: {@code RequestsClient.verifyDocument(code)} shows it.
 *
 * <pre>{@code
 * var verifier = DocumentVerifier.of(client.documentKeys());
 * VerifiedDocument document = verifier.verify(pdfBytes, signature);   // or verify(signature) for data
 * }</pre>
 *
 * <p>Thread-safe; reuse one instance.
 */
public final class DocumentVerifier {

    /** The JWS {@code typ} of an issued document's signature. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("khidma-document+jwt");

    /** The claims of an issued document's signature, beside {@code jti} (the code), {@code iat} and {@code exp}. */
    public static final String AGENCY = "agency";

    public static final String DOCUMENT_TYPE = "type";
    public static final String TITLE = "title";
    public static final String HOLDER_NAME = "holder_name";
    public static final String REQUEST = "request";
    public static final String SHA256 = "sha256";
    public static final String MEDIA_TYPE = "media_type";
    public static final String DATA = "data";

    private final Map<String, JWSVerifier> byKeyId;
    private final Clock clock;

    private DocumentVerifier(Map<String, JWSVerifier> byKeyId, Clock clock) {
        this.byKeyId = byKeyId;
        this.clock = clock;
    }

    /** A verifier holding the platform's public keys (its JWKS). */
    public static DocumentVerifier of(JWKSet keys) {
        return of(keys, Clock.systemUTC());
    }

    /** With a clock of the caller's, for expiry. */
    public static DocumentVerifier of(JWKSet keys, Clock clock) {
        var verifiers = new HashMap<String, JWSVerifier>();
        for (var key : keys.getKeys()) {
            if (key instanceof ECKey ec && key.getKeyID() != null) {
                try {
                    verifiers.put(key.getKeyID(), new ECDSAVerifier(ec.toPublicJWK()));
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("key " + key.getKeyID() + " is not a usable EC key", e);
                }
            }
        }
        return new DocumentVerifier(Map.copyOf(verifiers), Objects.requireNonNull(clock, "clock"));
    }

    /** Verifies a file (the PDF the agency issued) and its signature. */
    public VerifiedDocument verify(byte[] file, String signature) {
        Objects.requireNonNull(file, "file");
        var document = verify(signature);
        if (document.sha256() == null) {
            throw new InvalidDocumentException(
                    InvalidDocumentException.Reason.DIGEST_MISMATCH, "The signature is of data, not of a file");
        }
        var expected = HexFormat.of().parseHex(document.sha256());
        if (!MessageDigest.isEqual(sha256(file), expected)) {
            throw new InvalidDocumentException(
                    InvalidDocumentException.Reason.DIGEST_MISMATCH, "The file is not the one signed");
        }
        return document;
    }

    /** Verifies a signature alone: for structured data, whose content the signature carries. */
    public VerifiedDocument verify(String signature) {
        Objects.requireNonNull(signature, "signature");
        SignedJWT jws;
        JWTClaimsSet claims;
        try {
            jws = SignedJWT.parse(signature);
            claims = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidDocumentException(InvalidDocumentException.Reason.MALFORMED, "Not a signed document");
        }
        var header = jws.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType())) {
            throw new InvalidDocumentException(
                    InvalidDocumentException.Reason.MALFORMED, "Not an issued document's signature");
        }
        var verifier = header.getKeyID() == null ? null : byKeyId.get(header.getKeyID());
        if (verifier == null) {
            throw new InvalidDocumentException(
                    InvalidDocumentException.Reason.UNKNOWN_KEY, "Signed with key " + header.getKeyID() + ", not held");
        }
        try {
            if (!jws.verify(verifier)) {
                throw new InvalidDocumentException(
                        InvalidDocumentException.Reason.BAD_SIGNATURE, "The signature does not match");
            }
        } catch (JOSEException e) {
            throw new InvalidDocumentException(InvalidDocumentException.Reason.BAD_SIGNATURE, e.getMessage());
        }
        var expires = claims.getExpirationTime() == null
                ? null
                : claims.getExpirationTime().toInstant();
        if (expires != null && !clock.instant().isBefore(expires)) {
            throw new InvalidDocumentException(InvalidDocumentException.Reason.EXPIRED, "Expired at " + expires);
        }
        try {
            return new VerifiedDocument(
                    claims.getJWTID(),
                    claims.getStringClaim(AGENCY),
                    claims.getStringClaim(DOCUMENT_TYPE),
                    text(claims.getJSONObjectClaim(TITLE)),
                    claims.getStringClaim(HOLDER_NAME),
                    claims.getStringClaim(REQUEST),
                    claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant(),
                    expires,
                    claims.getStringClaim(SHA256),
                    claims.getStringClaim(MEDIA_TYPE),
                    json(claims.getClaim(DATA)),
                    header.getKeyID());
        } catch (ParseException e) {
            throw new InvalidDocumentException(InvalidDocumentException.Reason.MALFORMED, e.getMessage());
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private static Text text(Map<String, Object> title) {
        if (title == null) {
            return null;
        }
        return Text.of((String) title.get("ar"), (String) title.get("en"));
    }

    private static JsonNode json(Object claim) {
        return claim == null ? null : KhidmaJson.mapper().valueToTree(claim);
    }

    /** The digest of a file as the signature states it: lower-case hex SHA-256. */
    public static String digest(byte[] content) {
        return HexFormat.of().formatHex(sha256(content));
    }
}
