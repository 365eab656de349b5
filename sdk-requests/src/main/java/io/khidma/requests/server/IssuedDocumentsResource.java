package io.khidma.requests.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.model.NewIssuedDocument;
import io.khidma.requests.model.Revocation;
import io.khidma.requests.server.api.IssuedDocumentsApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;

/** Issued documents: implements the interface generated from the {@code issued-documents} tag. */
@Path("/")
final class IssuedDocumentsResource implements IssuedDocumentsApi {

    private final IssuedDocuments documents;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uri;

    IssuedDocumentsResource(IssuedDocuments documents) {
        this.documents = documents;
    }

    @Override
    public Response issueDocument(String number, NewIssuedDocument document, String idempotencyKey) {
        var issued = documents.issue(
                KhidmaPrincipal.of(security), number, ProblemException.requireBody(document), uri.getBaseUri());
        return Response.created(issued.verificationUrl()).entity(issued).build();
    }

    @Override
    public Response verifyDocument(String code) {
        // Never cached: a revocation shows at once.
        return Response.ok(documents.verify(code, uri.getBaseUri()))
                .cacheControl(noStore())
                .build();
    }

    @Override
    public Response getDocumentReceipt(String code, String lang) {
        if (lang != null && !lang.equals("ar") && !lang.equals("en")) {
            throw ProblemException.invalid("lang", "must be ar or en");
        }
        var document = documents.verify(code, uri.getBaseUri());
        var page = Receipts.page(document, Locale.forLanguageTag(lang == null ? "ar" : lang));
        return Response.ok(page, "text/html; charset=utf-8")
                .header("Content-Security-Policy", Receipts.CSP)
                .cacheControl(noStore())
                .build();
    }

    @Override
    public Response getDocumentKeys() {
        var cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(documents.keys().toString(true), "application/json")
                .cacheControl(cache)
                .build();
    }

    @Override
    public Response revokeDocument(String code, Revocation revocation, String idempotencyKey) {
        return Response.ok(documents.revoke(
                        KhidmaPrincipal.of(security), code, ProblemException.requireBody(revocation), uri.getBaseUri()))
                .build();
    }

    private static CacheControl noStore() {
        var cache = new CacheControl();
        cache.setNoStore(true);
        return cache;
    }
}
