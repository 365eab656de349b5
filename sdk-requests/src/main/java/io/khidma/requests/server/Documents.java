package io.khidma.requests.server;

import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.DocumentVerifier;
import io.khidma.requests.model.Document;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Documents citizens attach and agencies issue: PDF, JPEG or PNG, recognised by their first bytes
 * (a name or a declared type proves nothing), at most {@value #MAX_BYTES} bytes, kept with their
 * SHA-256. A document is read by its owner, the client that uploaded it, and the agencies that
 * received a request it is attached to.
 */
final class Documents {

    static final int MAX_BYTES = 10 * 1024 * 1024;

    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    /** A document's content and what it is. */
    record Content(Document document, byte[] bytes) {}

    private final Jdbi jdbi;
    private final RequestStore store;
    private final Clock clock;

    Documents(Jdbi jdbi, RequestStore store, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.clock = clock;
    }

    Document upload(KhidmaPrincipal caller, InputStream body, String declaredType, String filename, String citizen) {
        AgencyAccess.requireCaller(caller);
        String owner;
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            if (citizen != null && !citizen.equals(caller.subject())) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "A citizen uploads only their own documents");
            }
            owner = caller.subject();
        } else {
            AgencyAccess.requireAgency(caller, Callers.SUBMIT_SCOPE, Callers.PROCESS_SCOPE);
            if (citizen == null || citizen.isBlank()) {
                throw ProblemException.invalid("citizen", "is required when an agency uploads a citizen's document");
            }
            owner = citizen;
        }
        if (filename != null
                && (filename.isBlank()
                        || filename.contains("/")
                        || filename.contains("\\")
                        || filename.contains("\0"))) {
            throw ProblemException.invalid("filename", "must be a plain file name");
        }
        var bytes = read(body);
        var type = mediaType(bytes);
        if (type.isEmpty()) {
            throw ProblemException.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "The content is not a PDF, JPEG or PNG document");
        }
        if (declaredType != null && !declaredType.equals(type.get())) {
            throw ProblemException.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "The content is " + type.get() + ", not " + declaredType);
        }
        var row = new RequestStore.DocumentRow(
                UUID.randomUUID(),
                owner,
                type.get(),
                bytes.length,
                DocumentVerifier.digest(bytes),
                filename,
                clock.instant());
        var uploadedBy = caller.clientId() == null ? caller.subject() : caller.clientId();
        jdbi.useTransaction(h -> store.insertDocument(h, row, uploadedBy, bytes));
        return view(row);
    }

    Content read(KhidmaPrincipal caller, UUID id) {
        AgencyAccess.requireCaller(caller);
        var row = jdbi.withHandle(h -> store.document(h, id))
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No document " + id));
        boolean allowed;
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            allowed = row.owner().equals(caller.subject());
        } else {
            var agencies = caller.hasScope(Callers.PROCESS_SCOPE)
                            || caller.scopes().stream().anyMatch(s -> s.startsWith(Callers.PROCESS_SCOPE + ":"))
                    ? Callers.agencies(caller)
                    : java.util.Set.<String>of();
            allowed =
                    jdbi.withHandle(h -> store.documentAgencies(h, id)).stream().anyMatch(agencies::contains);
        }
        if (!allowed) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No document " + id);
        }
        return new Content(view(row), jdbi.withHandle(h -> store.content(h, id)));
    }

    private static byte[] read(InputStream body) {
        if (body == null) {
            throw ProblemException.invalid("$", "the document's content is required");
        }
        try (body) {
            var bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ProblemException.of(
                        ProblemType.PAYLOAD_TOO_LARGE, "A document may be at most " + MAX_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                throw ProblemException.invalid("$", "the document is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> mediaType(byte[] bytes) {
        if (startsWith(bytes, PDF)) {
            return Optional.of("application/pdf");
        }
        if (startsWith(bytes, PNG)) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, JPEG)) {
            return Optional.of("image/jpeg");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }

    private static Document view(RequestStore.DocumentRow row) {
        return new Document(
                row.id(), row.mediaType(), row.size(), row.sha256(), row.filename(), row.owner(), row.createdAt());
    }
}
