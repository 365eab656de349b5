package io.khidma.requests.server;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.MaxRequestBody;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.model.Assignment;
import io.khidma.requests.model.Cancellation;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.NewJourneyApplication;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestRating;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.SlaState;
import io.khidma.requests.model.Transition;
import io.khidma.requests.server.api.DocumentsApi;
import io.khidma.requests.server.api.InboxApi;
import io.khidma.requests.server.api.JourneyApplicationsApi;
import io.khidma.requests.server.api.RequestsApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The service requests API: implements the interfaces generated from {@code requests.yaml}. Thin:
 * parse, call {@link RequestService}, {@link JourneyService} or {@link Documents}, answer.
 */
@Path("/")
final class RequestsResource implements RequestsApi, InboxApi, DocumentsApi, JourneyApplicationsApi {

    private final RequestService requests;
    private final JourneyService journeys;
    private final Documents documents;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    RequestsResource(RequestService requests, JourneyService journeys, Documents documents) {
        this.requests = requests;
        this.journeys = journeys;
        this.documents = documents;
    }

    @Override
    public Response submitRequest(NewServiceRequest request, String idempotencyKey, String acceptLanguage) {
        var body = ProblemException.requireBody(request);
        var created = requests.submit(
                caller(), body, uri.getBaseUri(), idempotencyKey, locale(acceptLanguage, body.language()));
        return Response.created(self("requests", created.number()))
                .entity(created)
                .build();
    }

    @Override
    public Response listMyRequests(RequestStatus status, UUID service, Integer limit, String cursor) {
        return Response.ok(requests.mine(caller(), status, service, limit, cursor))
                .build();
    }

    @Override
    public Response getRequest(String number, String acceptLanguage) {
        return Response.ok(requests.get(caller(), number, uri.getBaseUri(), locale(acceptLanguage, null)))
                .build();
    }

    @Override
    public Response submitDraft(String number, String idempotencyKey, String acceptLanguage) {
        return Response.ok(requests.submitDraft(caller(), number, uri.getBaseUri(), locale(acceptLanguage, "ar")))
                .build();
    }

    @Override
    public Response cancelRequest(String number, String idempotencyKey, Cancellation cancellation) {
        return Response.ok(requests.cancel(caller(), number, cancellation)).build();
    }

    @Override
    public Response respondToInfoRequest(
            String number, InfoResponse response, String idempotencyKey, String acceptLanguage) {
        return Response.ok(requests.respond(
                        caller(), number, ProblemException.requireBody(response), locale(acceptLanguage, "ar")))
                .build();
    }

    @Override
    public Response rateRequest(String number, RequestRating rating, String idempotencyKey) {
        return Response.ok(requests.rate(caller(), number, ProblemException.requireBody(rating)))
                .build();
    }

    @Override
    public Response assignRequest(String number, String idempotencyKey, Assignment assignment) {
        return Response.ok(requests.assign(caller(), number, assignment)).build();
    }

    @Override
    public Response transitionRequest(String number, Transition transition, String idempotencyKey) {
        return Response.ok(requests.transition(caller(), number, ProblemException.requireBody(transition)))
                .build();
    }

    @Override
    public Response requestInformation(String number, InfoRequest info, String idempotencyKey) {
        return Response.ok(requests.requestInfo(caller(), number, ProblemException.requireBody(info)))
                .build();
    }

    @Override
    public Response completeRequest(String number, Completion completion, String idempotencyKey) {
        return Response.ok(requests.complete(caller(), number, ProblemException.requireBody(completion)))
                .build();
    }

    @Override
    public Response listInbox(
            String agency,
            RequestStatus status,
            UUID service,
            ChannelType channel,
            SlaState sla,
            String assignedTo,
            Integer limit,
            String cursor) {
        return Response.ok(requests.inbox(caller(), agency, status, service, channel, sla, assignedTo, limit, cursor))
                .build();
    }

    @Override
    @MaxRequestBody(bytes = Documents.MAX_BYTES)
    public Response uploadDocument(InputStream body, String idempotencyKey, String filename, String citizen) {
        var type = headers.getMediaType() == null
                ? null
                : headers.getMediaType().getType() + "/"
                        + headers.getMediaType().getSubtype();
        var document = documents.upload(caller(), body, type, filename, citizen);
        return Response.created(self("documents", document.id().toString()))
                .entity(document)
                .build();
    }

    @Override
    public Response getDocument(UUID id) {
        var content = documents.read(caller(), id);
        var digest = Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(content.document().sha256()));
        return Response.ok(content.bytes(), content.document().mediaType())
                .header("Digest", "sha-256=" + digest)
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @Override
    public Response applyForJourney(NewJourneyApplication application, String idempotencyKey, String acceptLanguage) {
        var body = ProblemException.requireBody(application);
        var created = journeys.apply(
                caller(), body, uri.getBaseUri(), idempotencyKey, locale(acceptLanguage, body.language()));
        return Response.created(self("journey-applications", created.number()))
                .entity(created)
                .build();
    }

    @Override
    public Response listMyJourneyApplications(Integer limit, String cursor) {
        return Response.ok(journeys.mine(caller(), limit, cursor)).build();
    }

    @Override
    public Response getJourneyApplication(String number, String acceptLanguage) {
        return Response.ok(journeys.get(caller(), number, uri.getBaseUri(), locale(acceptLanguage, "ar")))
                .build();
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }

    /** Arabic or English, by {@code Accept-Language}; {@code fallback} (or null) when it names neither. */
    private static Locale locale(String acceptLanguage, String fallback) {
        if (acceptLanguage != null) {
            for (var range : acceptLanguage.split(",")) {
                var tag = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (tag.startsWith("ar")) {
                    return Locale.forLanguageTag("ar");
                }
                if (tag.startsWith("en")) {
                    return Locale.ENGLISH;
                }
            }
        }
        return fallback == null ? null : Locale.forLanguageTag(fallback);
    }

    private java.net.URI self(String collection, String id) {
        return uri.getBaseUriBuilder().path(collection).path(id).build();
    }
}
