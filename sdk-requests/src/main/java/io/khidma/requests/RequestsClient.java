package io.khidma.requests;

import static io.khidma.core.http.ServiceConnection.query;

import com.nimbusds.jose.jwk.JWKSet;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import io.khidma.requests.model.Assignment;
import io.khidma.requests.model.Cancellation;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.Dispatch;
import io.khidma.requests.model.Document;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.FieldResourceList;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.IssuedDocument;
import io.khidma.requests.model.JourneyApplication;
import io.khidma.requests.model.JourneyApplicationPage;
import io.khidma.requests.model.NewIssuedDocument;
import io.khidma.requests.model.NewJourneyApplication;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.RequestPage;
import io.khidma.requests.model.RequestRating;
import io.khidma.requests.model.Reschedule;
import io.khidma.requests.model.Revocation;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.SlotList;
import io.khidma.requests.model.Transition;
import io.khidma.requests.model.Visit;
import io.khidma.requests.model.VisitList;
import io.khidma.requests.model.VisitRating;
import io.khidma.requests.model.VisitStatus;
import io.khidma.requests.model.VisitUpdate;
import jakarta.ws.rs.core.UriBuilder;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The service requests API, for citizens' portals, agents at counters and kiosks, and agencies
 * working their inbox. Thread-safe; build one per endpoint and credentials.
 *
 * <pre>{@code
 * try (var requests = RequestsClient.builder().endpoint(api).credentials(citizenTokens).build()) {
 *     var passport = requests.upload(Path.of("passport.pdf"));
 *     var request = requests.submit(NewServiceRequest.of(serviceId, data)
 *             .withDocuments(new DocumentRef("passport", passport.id())));
 *     if (request.awaitingPayment()) redirectCitizenTo(request.payment().nextUrl());
 * }
 *
 * try (var inbox = RequestsClient.builder().endpoint(api).credentials(agencyTokens).build()) {
 *     for (var request : inbox.inbox(InboxQuery.all().withSla(SlaState.DUE_SOON))) { ... }   // every page, lazily
 *     inbox.transition(number, Transition.to(RequestStatus.IN_REVIEW));
 * }
 * }</pre>
 *
 * <p>Every {@code POST} carries an {@code Idempotency-Key}, reused by every retry of it, so a
 * retried submission never makes a second request.
 */
public final class RequestsClient implements AutoCloseable {

    private final ServiceConnection connection;

    private RequestsClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    // The citizen (or an agent for a citizen)

    /** Applies for a service, or saves a draft; {@link ServiceRequest#payment()} is set when fees are due. */
    public ServiceRequest submit(NewServiceRequest request) {
        return send(ApiRequest.post(connection.uri("requests").build())
                        .json(Objects.requireNonNull(request, "request")))
                .body(ServiceRequest.class);
    }

    /** Submits a draft; its data is checked against the form now. */
    public ServiceRequest submitDraft(String number) {
        return send(ApiRequest.post(request(number).path("submit").build())).body(ServiceRequest.class);
    }

    /**
     * One request with its timeline.
     *
     * @throws io.khidma.core.problem.NotFoundException when there is none the caller may see
     */
    public ServiceRequest get(String number) {
        return send(ApiRequest.get(request(number).build())).body(ServiceRequest.class);
    }

    /** The calling citizen's requests, newest first, every page lazily. */
    public PagedIterable<ServiceRequest> mine(RequestQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(cursor -> {
            var uri = connection.uri("requests");
            query(uri, "status", query.status() == null ? null : query.status().name());
            query(
                    uri,
                    "service",
                    query.service() == null ? null : query.service().toString());
            query(
                    uri,
                    "limit",
                    query.pageSize() == null ? null : query.pageSize().toString());
            query(uri, "cursor", cursor);
            var page = send(ApiRequest.get(uri.build())).body(RequestPage.class);
            return new Page<>(page.items(), page.next());
        });
    }

    public ServiceRequest cancel(String number, String reason) {
        return send(ApiRequest.post(request(number).path("cancel").build()).json(new Cancellation(reason)))
                .body(ServiceRequest.class);
    }

    /** Answers an information request; the request goes back to the agency. */
    public ServiceRequest respond(String number, InfoResponse response) {
        return send(ApiRequest.post(request(number).path("info-response").build())
                        .json(Objects.requireNonNull(response, "response")))
                .body(ServiceRequest.class);
    }

    /** Rates a completed request; the catalogue counts it as a verified rating of the service. */
    public ServiceRequest rate(String number, RequestRating rating) {
        return send(ApiRequest.post(request(number).path("rating").build())
                        .json(Objects.requireNonNull(rating, "rating")))
                .body(ServiceRequest.class);
    }

    /** Uploads a document (PDF, JPEG or PNG, at most 10 MiB) to attach to requests. */
    public Document upload(byte[] content, String mediaType, String filename) {
        var uri = connection.uri("documents");
        query(uri, "filename", filename);
        return send(ApiRequest.post(uri.build()).body(content, mediaType)).body(Document.class);
    }

    /** Uploads a document an agency issues to a citizen, or an agent's scan for a citizen. */
    public Document uploadFor(String citizen, byte[] content, String mediaType, String filename) {
        var uri = connection.uri("documents");
        query(uri, "filename", filename);
        query(uri, "citizen", Objects.requireNonNull(citizen, "citizen"));
        return send(ApiRequest.post(uri.build()).body(content, mediaType)).body(Document.class);
    }

    /** A document's content. */
    public byte[] download(UUID documentId) {
        return send(ApiRequest.get(connection
                                .uri("documents")
                                .path(Objects.requireNonNull(documentId, "documentId")
                                        .toString())
                                .build())
                        .accept("*/*"))
                .body();
    }

    // Journeys

    /** Applies for a whole journey once: one request per step, one payment for every fee. */
    public JourneyApplication apply(NewJourneyApplication application) {
        return send(ApiRequest.post(connection.uri("journey-applications").build())
                        .json(Objects.requireNonNull(application, "application")))
                .body(JourneyApplication.class);
    }

    /** A journey application with one timeline across its agencies. */
    public JourneyApplication journeyApplication(String number) {
        return send(ApiRequest.get(connection
                        .uri("journey-applications")
                        .path(Objects.requireNonNull(number, "number"))
                        .build()))
                .body(JourneyApplication.class);
    }

    public PagedIterable<JourneyApplication> myJourneyApplications() {
        return new PagedIterable<>(cursor -> {
            var uri = connection.uri("journey-applications");
            query(uri, "cursor", cursor);
            var page = send(ApiRequest.get(uri.build())).body(JourneyApplicationPage.class);
            return new Page<>(page.items(), page.next());
        });
    }

    // The agency

    /** The requests the credentials' agencies work on, soonest due first, every page lazily. */
    public PagedIterable<ServiceRequest> inbox(InboxQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(cursor -> {
            var page = inboxPage(query, cursor);
            return new Page<>(page.items(), page.next());
        });
    }

    /** One inbox page; {@code cursor} is the previous page's {@code next}, or {@code null}. */
    public RequestPage inboxPage(InboxQuery query, String cursor) {
        var uri = connection.uri("inbox");
        query(uri, "agency", query.agency());
        query(uri, "status", query.status() == null ? null : query.status().name());
        query(uri, "service", query.service() == null ? null : query.service().toString());
        query(uri, "channel", query.channel() == null ? null : query.channel().name());
        query(uri, "sla", query.sla() == null ? null : query.sla().wireName());
        query(uri, "assigned_to", query.assignedTo());
        query(uri, "limit", query.pageSize() == null ? null : query.pageSize().toString());
        query(uri, "cursor", cursor);
        return send(ApiRequest.get(uri.build())).body(RequestPage.class);
    }

    /** Claims a request for the calling client, or assigns it to {@code officer}. */
    public ServiceRequest assign(String number, String officer) {
        return send(ApiRequest.post(request(number).path("assignment").build()).json(new Assignment(officer)))
                .body(ServiceRequest.class);
    }

    public ServiceRequest transition(String number, Transition transition) {
        return send(ApiRequest.post(request(number).path("transitions").build())
                        .json(Objects.requireNonNull(transition, "transition")))
                .body(ServiceRequest.class);
    }

    public ServiceRequest requestInformation(String number, InfoRequest info) {
        return send(ApiRequest.post(request(number).path("info-requests").build())
                        .json(Objects.requireNonNull(info, "info")))
                .body(ServiceRequest.class);
    }

    /** Completes an approved request with its outputs; journey steps waiting for it are released. */
    public ServiceRequest complete(String number, Completion completion) {
        return send(ApiRequest.post(request(number).path("completion").build())
                        .json(Objects.requireNonNull(completion, "completion")))
                .body(ServiceRequest.class);
    }

    // Visits (Tawseel)

    /** Publishes a home-delivery or service-centre service's areas and slots (the agency's own). */
    public SlotList publishCapacity(String serviceCode, Capacity capacity) {
        return send(ApiRequest.put(connection
                                .uri("services")
                                .path(Objects.requireNonNull(serviceCode, "serviceCode"))
                                .path("capacity")
                                .build())
                        .json(Objects.requireNonNull(capacity, "capacity")))
                .body(SlotList.class);
    }

    /** A service's slots starting in [from, to), with the places left; {@code null}s for the defaults. */
    public SlotList slots(String serviceCode, String area, Instant from, Instant to) {
        var uri = connection
                .uri("services")
                .path(Objects.requireNonNull(serviceCode, "serviceCode"))
                .path("slots");
        query(uri, "area", area);
        query(uri, "from", from == null ? null : from.toString());
        query(uri, "to", to == null ? null : to.toString());
        return send(ApiRequest.get(uri.build())).body(SlotList.class);
    }

    /** Adds or changes one of the calling agency's consultants or vehicles. */
    public FieldResource saveFieldResource(String id, FieldResource resource) {
        return send(ApiRequest.put(connection
                                .uri("field-resources")
                                .path(Objects.requireNonNull(id, "id"))
                                .build())
                        .json(Objects.requireNonNull(resource, "resource")))
                .body(FieldResource.class);
    }

    /** The calling agency's consultants and vehicles. */
    public FieldResourceList fieldResources() {
        return send(ApiRequest.get(connection.uri("field-resources").build())).body(FieldResourceList.class);
    }

    /** Books a slot for a request; a full slot is a {@code ConflictException} of type {@code slot-full}. */
    public Visit bookVisit(String number, NewVisit visit) {
        return send(ApiRequest.post(request(number).path("visits").build())
                        .json(Objects.requireNonNull(visit, "visit")))
                .body(Visit.class);
    }

    /** A visit with its history. */
    public Visit visit(UUID id) {
        return send(ApiRequest.get(visit(id, null).build())).body(Visit.class);
    }

    /** The agency's visits of a day in its time zone: the dispatch board; {@code status} optional. */
    public VisitList visits(LocalDate date, VisitStatus status) {
        var uri = connection.uri("visits");
        query(uri, "date", Objects.requireNonNull(date, "date").toString());
        query(uri, "status", status == null ? null : status.name());
        return send(ApiRequest.get(uri.build())).body(VisitList.class);
    }

    /** The visit's iCalendar invitation (RFC 5545) in {@code ar} or {@code en}; the visit's language by default. */
    public String invitation(UUID id, String language) {
        var uri = visit(id, "invitation");
        query(uri, "lang", language);
        return send(ApiRequest.get(uri.build()).accept("text/calendar")).bodyAsString();
    }

    public Visit reschedule(UUID id, UUID slotId) {
        return send(ApiRequest.post(visit(id, "reschedule").build()).json(new Reschedule(slotId)))
                .body(Visit.class);
    }

    public Visit cancelVisit(UUID id, String reason) {
        return send(ApiRequest.post(visit(id, "cancel").build()).json(new Cancellation(reason)))
                .body(Visit.class);
    }

    /** Assigns a consultant and a vehicle of the agency. */
    public Visit dispatch(UUID id, String consultant, String vehicle) {
        return send(ApiRequest.post(visit(id, "dispatch").build()).json(new Dispatch(consultant, vehicle)))
                .body(Visit.class);
    }

    /** The consultant's device moves the visit on: EN_ROUTE, ON_SITE, DONE or NO_SHOW. */
    public Visit updateVisit(UUID id, VisitStatus status, String note) {
        return send(ApiRequest.post(visit(id, "status").build()).json(new VisitUpdate(status, note)))
                .body(Visit.class);
    }

    /** The citizen rates a done visit and its service. */
    public Visit rateVisit(UUID id, VisitRating rating) {
        return send(ApiRequest.post(visit(id, "rating").build()).json(Objects.requireNonNull(rating, "rating")))
                .body(Visit.class);
    }

    // Issued documents

    /** Issues a signed, verifiable document on an approved or completed request (its agency). */
    public IssuedDocument issueDocument(String number, NewIssuedDocument document) {
        return send(ApiRequest.post(request(number).path("issued-documents").build())
                        .json(Objects.requireNonNull(document, "document")))
                .body(IssuedDocument.class);
    }

    /** Verifies a document by its code on the server: shows a revocation, which offline checks cannot. */
    public IssuedDocument verifyDocument(String code) {
        return send(ApiRequest.get(connection
                        .uri("documents")
                        .path("verify")
                        .path(Objects.requireNonNull(code, "code"))
                        .build()))
                .body(IssuedDocument.class);
    }

    /** Revokes a document the calling agency issued. */
    public IssuedDocument revokeDocument(String code, String reason) {
        return send(ApiRequest.post(connection
                                .uri("issued-documents")
                                .path(Objects.requireNonNull(code, "code"))
                                .path("revocation")
                                .build())
                        .json(new Revocation(reason)))
                .body(IssuedDocument.class);
    }

    /** The platform's document signing keys, for {@link DocumentVerifier#of(JWKSet)}. */
    public JWKSet documentKeys() {
        var body = send(ApiRequest.get(connection.uri("documents").path("keys").build()))
                .bodyAsString();
        try {
            return JWKSet.parse(body);
        } catch (ParseException e) {
            throw new IllegalStateException("the server's document keys are not a JWK set", e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private UriBuilder request(String number) {
        return connection.uri("requests").path(Objects.requireNonNull(number, "number"));
    }

    private UriBuilder visit(UUID id, String action) {
        var uri = connection.uri("visits").path(Objects.requireNonNull(id, "id").toString());
        return action == null ? uri : uri.path(action);
    }

    private ApiResponse send(ApiRequest.Builder request) {
        return connection.send(request);
    }

    /** Builds a {@link RequestsClient}: a citizen's credentials, an agent's or an agency's. */
    public static final class Builder extends ServiceClientBuilder<Builder> {

        private Builder() {}

        public RequestsClient build() {
            return new RequestsClient(connection(Map.of()));
        }
    }
}
