package io.khidma.requests.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.DocumentVerifier;
import io.khidma.requests.model.DocumentStatus;
import io.khidma.requests.model.DocumentWebhookEvent;
import io.khidma.requests.model.IssuedDocument;
import io.khidma.requests.model.NewIssuedDocument;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.Revocation;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifiable issued documents (paperless): an agency issues a file it produced, or structured data,
 * on an approved or completed request; the platform signs its digest (or its data) with the issuer
 * agency, the holder's name, the type and the dates, as an ES256 JWS under its document key, and
 * gives it a short code. Anyone verifies it by code ({@code GET /documents/verify/{code}}, which also
 * shows a revocation) or offline with {@link DocumentVerifier} and the published keys.
 */
public final class IssuedDocuments {

    /** Crockford's base32: no I, L, O or U, so a code read aloud or typed is not mistaken. */
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private static final Set<RequestStatus> ISSUABLE = EnumSet.of(RequestStatus.APPROVED, RequestStatus.COMPLETED);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(IssuedDocuments.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Jdbi jdbi;
    private final IssuedDocumentStore store;
    private final RequestStore requestStore;
    private final RequestService requests;
    private final EventOutbox outbox;
    private final DocumentKeys keys;
    private final ECDSASigner signer;
    private final Clock clock;

    IssuedDocuments(
            Jdbi jdbi,
            IssuedDocumentStore store,
            RequestStore requestStore,
            RequestService requests,
            EventOutbox outbox,
            DocumentKeys keys,
            Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.requestStore = requestStore;
        this.requests = requests;
        this.outbox = outbox;
        this.keys = keys;
        this.clock = clock;
        try {
            this.signer = new ECDSASigner(keys.current());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the document key cannot sign", e);
        }
        if (keys.generatedForProcess() && WARNED.compareAndSet(false, true)) {
            LOG.warn(
                    "{} is not set: issued documents are signed with a key generated for this process",
                    DocumentKeys.ENVIRONMENT_VARIABLE);
        }
        var now = clock.instant();
        jdbi.useTransaction(h -> keys.publicKeys().forEach(key -> store.publish(h, key, now)));
    }

    /** Issues a document on a request, as {@code POST /requests/{number}/issued-documents} does. */
    public IssuedDocument issue(KhidmaPrincipal caller, String number, NewIssuedDocument document, URI base) {
        var request = requests.forAgency(caller, number);
        if (!ISSUABLE.contains(request.status())) {
            throw ProblemException.of(
                    ProblemType.CONFLICT,
                    "A document is issued on an approved or completed request, not a " + request.status() + " one");
        }
        var now = clock.instant();
        if (document.expiresAt() != null && !document.expiresAt().isAfter(now)) {
            throw ProblemException.invalid("expires_at", "must be in the future");
        }
        var code = newCode();
        var row = jdbi.inTransaction(h -> {
            String sha256 = null;
            String mediaType = null;
            if (document.documentId() != null) {
                var file = requestStore
                        .document(h, document.documentId())
                        .filter(d -> d.owner().equals(request.citizen()))
                        .orElseThrow(() -> ProblemException.invalid(
                                "document_id", "names no document uploaded for the request's citizen"));
                sha256 = file.sha256();
                mediaType = file.mediaType();
            }
            var claims = new JWTClaimsSet.Builder()
                    .issuer(base.toString())
                    .jwtID(code)
                    .issueTime(Date.from(now))
                    .expirationTime(document.expiresAt() == null ? null : Date.from(document.expiresAt()))
                    .claim(DocumentVerifier.AGENCY, request.agencyId())
                    .claim(DocumentVerifier.DOCUMENT_TYPE, document.type())
                    .claim(DocumentVerifier.TITLE, title(document))
                    .claim(DocumentVerifier.HOLDER_NAME, document.holderName())
                    .claim(DocumentVerifier.REQUEST, request.number())
                    .claim(DocumentVerifier.SHA256, sha256)
                    .claim(DocumentVerifier.MEDIA_TYPE, mediaType)
                    .claim(
                            DocumentVerifier.DATA,
                            document.data() == null
                                    ? null
                                    : KhidmaJson.mapper().convertValue(document.data(), Map.class))
                    .build();
            var stored = new IssuedDocumentStore.Row(
                    code,
                    request.id(),
                    request.number(),
                    request.agencyId(),
                    request.citizen(),
                    document.holderName(),
                    document.type(),
                    document.title(),
                    document.documentId(),
                    document.data(),
                    sha256,
                    mediaType,
                    now,
                    document.expiresAt(),
                    sign(claims),
                    null,
                    null);
            store.insert(h, stored);
            record(
                    h,
                    request,
                    "document_issued",
                    Callers.actor(caller),
                    code,
                    WebhookEventType.DOCUMENT_ISSUED,
                    stored,
                    base,
                    now);
            return stored;
        });
        return view(row, base, true);
    }

    /** What anyone verifying by code sees, revocation included; the holder's identifier is left out. */
    public IssuedDocument verify(String code, URI base) {
        return view(find(code), base, false);
    }

    IssuedDocument revoke(KhidmaPrincipal caller, String code, Revocation revocation, URI base) {
        var found = find(code);
        var agencies = Callers.agencies(caller);
        if (!agencies.contains(found.agencyId())) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only the issuing agency revokes a document");
        }
        var now = clock.instant();
        var revoked = jdbi.inTransaction(h -> {
            if (!store.revoke(h, code, revocation.reason(), now)) {
                throw ProblemException.of(ProblemType.CONFLICT, "The document is revoked already");
            }
            var request = requestStore.find(h, found.requestNumber()).orElseThrow();
            var row = store.find(h, code).orElseThrow();
            record(
                    h,
                    request,
                    "document_revoked",
                    Callers.actor(caller),
                    code + ": " + revocation.reason(),
                    WebhookEventType.DOCUMENT_REVOKED,
                    row,
                    base,
                    now);
            return row;
        });
        return view(revoked, base, true);
    }

    /** Every public key that ever signed a document, newest first: the JWKS verifiers use. */
    public JWKSet keys() {
        return new JWKSet(jdbi.withHandle(store::publishedKeys));
    }

    private IssuedDocumentStore.Row find(String code) {
        return jdbi.withHandle(h -> store.find(h, code))
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No issued document " + code));
    }

    private void record(
            Handle h,
            RequestStore.Row request,
            String type,
            String actor,
            String note,
            WebhookEventType event,
            IssuedDocumentStore.Row document,
            URI base,
            Instant now) {
        requestStore.addEvent(h, new RequestStore.Event(request.id(), type, request.status(), actor, note, now));
        var body = new DocumentWebhookEvent(event, now, new DocumentWebhookEvent.Data(view(document, base, true)));
        outbox.publish(h, event, List.of(request.agencyId()), request.number(), EventOutbox.json(body), now);
    }

    private String sign(JWTClaimsSet claims) {
        var header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(DocumentVerifier.TYPE)
                .keyID(keys.current().getKeyID())
                .build();
        var jws = new SignedJWT(header, claims);
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a document", e);
        }
        return jws.serialize();
    }

    private static Map<String, String> title(NewIssuedDocument document) {
        var title = new LinkedHashMap<String, String>();
        if (document.title().ar() != null) {
            title.put("ar", document.title().ar());
        }
        if (document.title().en() != null) {
            title.put("en", document.title().en());
        }
        return title;
    }

    private IssuedDocument view(IssuedDocumentStore.Row row, URI base, boolean withHolder) {
        var now = clock.instant();
        var status = row.revokedAt() != null
                ? DocumentStatus.REVOKED
                : row.expiresAt() != null && !now.isBefore(row.expiresAt())
                        ? DocumentStatus.EXPIRED
                        : DocumentStatus.VALID;
        var verification = base.resolve("documents/verify/" + row.code());
        return new IssuedDocument(
                row.code(),
                status,
                row.type(),
                row.title(),
                row.agencyId(),
                withHolder ? row.holder() : null,
                row.holderName(),
                row.requestNumber(),
                row.documentId(),
                row.mediaType(),
                row.sha256(),
                row.data(),
                row.issuedAt(),
                row.expiresAt(),
                row.revokedAt(),
                row.revocationReason(),
                row.signature(),
                verification,
                base.resolve("documents/verify/" + row.code() + "/receipt"),
                base.resolve("documents/keys"));
    }

    /** A code of 50 random bits: {@code XXXXX-XXXXX}. */
    static String newCode() {
        var code = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }
}
