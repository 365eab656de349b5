package io.khidma.requests.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.catalogue.server.ApplicationForms;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.KeysetCursor;
import io.khidma.core.server.ProblemException;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.server.PaymentService;
import io.khidma.requests.model.Assignment;
import io.khidma.requests.model.Cancellation;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.PaymentDue;
import io.khidma.requests.model.RequestPage;
import io.khidma.requests.model.RequestRating;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.RequestWebhookEvent;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.SlaState;
import io.khidma.requests.model.TimelineEntry;
import io.khidma.requests.model.Transition;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The rules of service requests: applications checked against the service's form, numbers,
 * service levels, the status machine and who may move it, submission fees through unified
 * payments, documents attached only by their owner, and events recorded and published in the same
 * transaction as every change. Journeys build on it ({@link JourneyService}).
 */
public final class RequestService {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** The payments client requests are created by, as payments records it. */
    static final String PAYMENTS_CLIENT = "khidma-requests";

    private static final Set<RequestStatus> AGENCY_MOVES = EnumSet.of(
            RequestStatus.IN_REVIEW, RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN);

    private final Jdbi jdbi;
    private final RequestStore store;
    private final CatalogueService catalogue;
    private final PaymentService payments;
    private final EventOutbox outbox;
    private final RequestsOptions options;
    private final Clock clock;
    private final Map<String, ApplicationForms.CompiledForm> forms = new ConcurrentHashMap<>();
    private JourneyService journeys;

    /** The events of an agency's decisions on a request, which the audit trail records. */
    private static final Set<String> DECISIONS =
            Set.of("in_review", "approved", "rejected", "withdrawn", "info_requested", "assigned", "completed");

    private final AuditTrail audit;

    RequestService(
            Jdbi jdbi,
            RequestStore store,
            CatalogueService catalogue,
            PaymentService payments,
            EventOutbox outbox,
            RequestsOptions options,
            AuditTrail audit,
            Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.store = store;
        this.catalogue = catalogue;
        this.payments = payments;
        this.outbox = outbox;
        this.options = options;
        this.clock = clock;
    }

    void journeys(JourneyService journeyService) {
        this.journeys = journeyService;
    }

    // Applying

    /** Applies for a service as the caller, as {@code POST /requests} does. */
    public ServiceRequest submit(
            KhidmaPrincipal caller, NewServiceRequest request, URI base, String key, Locale locale) {
        return submit(caller, request, base, key, locale, null);
    }

    /** As {@link #submit}, also writing {@code alongside} the new request in its transaction. */
    ServiceRequest submit(
            KhidmaPrincipal caller,
            NewServiceRequest request,
            URI base,
            String key,
            Locale locale,
            BiConsumer<Handle, UUID> alongside) {
        var citizen = Callers.applicant(caller, request.citizen());
        var submittedBy = caller.clientId() == null ? caller.subject() : caller.clientId();
        if (key != null) {
            var existing = jdbi.withHandle(h -> store.findByKey(h, submittedBy, key));
            if (existing.isPresent()) {
                return view(existing.get(), base, null);
            }
        }
        var service = activeService(request.serviceId());
        var form = service.form();
        if (!request.isDraft()) {
            requireValid(service, request.data(), locale);
        }
        requireDocuments(form, request.documents(), citizen, !request.isDraft(), "documents");
        var now = clock.instant();
        var fees = form.submissionFees();
        UUID paymentId = null;
        if (!request.isDraft() && !fees.isEmpty()) {
            paymentId = pay(
                    citizen,
                    List.of(service),
                    request.channel(),
                    request.language(),
                    request.returnUrl(),
                    base,
                    key == null ? null : "request:" + submittedBy + ":" + key,
                    service.code());
        }
        var id = UUID.randomUUID();
        var status = request.isDraft() ? RequestStatus.DRAFT : RequestStatus.SUBMITTED;
        var sla = sla(service);
        var paid = paymentId;
        var row = jdbi.inTransaction(h -> {
            var number = number(h, service.agencyId(), now);
            var created = new RequestStore.Row(
                    id,
                    number,
                    service.id(),
                    service.code(),
                    service.agencyId(),
                    citizen,
                    submittedBy,
                    request.channel(),
                    request.language(),
                    status,
                    paid != null,
                    paid,
                    request.data(),
                    null,
                    null,
                    null,
                    status == RequestStatus.SUBMITTED ? sla.toSeconds() : null,
                    status == RequestStatus.SUBMITTED ? now.plus(sla) : null,
                    null,
                    null,
                    null,
                    null,
                    status == RequestStatus.SUBMITTED ? now : null,
                    now,
                    now);
            store.insert(h, created, key);
            if (alongside != null) {
                alongside.accept(h, id);
            }
            request.documents().forEach(d -> store.attach(h, id, d, false, now));
            var actor = Callers.actor(caller);
            if (status == RequestStatus.DRAFT) {
                record(h, created, "drafted", actor, null, now);
            } else {
                record(h, created, "submitted", actor, "channel " + request.channel(), now);
                if (paid != null) {
                    record(h, created, "payment_due", "khidma", null, now);
                }
            }
            return created;
        });
        return view(row, base, null);
    }

    ServiceRequest submitDraft(KhidmaPrincipal caller, String number, URI base, Locale locale) {
        var current = visible(caller, number);
        // The citizen, or the agent who saved the draft for them (a draft reaches no agency).
        Callers.applicant(caller, current.citizen());
        if (current.status() != RequestStatus.DRAFT) {
            throw illegal(current.status(), RequestStatus.SUBMITTED);
        }
        var service = activeService(current.serviceId());
        requireValid(service, current.data(), locale);
        var documents = jdbi.withHandle(h -> store.attachments(h, current.id(), false));
        requireDocuments(service.form(), documents, current.citizen(), true, "documents");
        UUID paymentId = null;
        if (!service.form().submissionFees().isEmpty()) {
            paymentId = pay(
                    current.citizen(),
                    List.of(service),
                    current.channel(),
                    current.language(),
                    null,
                    base,
                    null,
                    current.number());
        }
        var paid = paymentId;
        var sla = sla(service);
        var row = change(
                current.number(),
                row2 -> {
                    if (row2.status() != RequestStatus.DRAFT) {
                        throw illegal(row2.status(), RequestStatus.SUBMITTED);
                    }
                    var edit = row2.edit();
                    edit.status = RequestStatus.SUBMITTED;
                    edit.submittedAt = clock.instant();
                    edit.slaSeconds = sla.toSeconds();
                    edit.dueAt = edit.submittedAt.plus(sla);
                    edit.awaitingPayment = paid != null;
                    return edit;
                },
                "submitted",
                Callers.actor(caller),
                null,
                paid);
        return view(row, base, null);
    }

    // Reading

    ServiceRequest get(KhidmaPrincipal caller, String number, URI base, Locale locale) {
        var row = visible(caller, number);
        return view(row, base, locale == null ? Locale.forLanguageTag(row.language()) : locale);
    }

    RequestPage mine(KhidmaPrincipal caller, RequestStatus status, UUID service, Integer limit, String cursor) {
        var citizen = Callers.requireCitizen(caller);
        int size = limit(limit);
        var after = KeysetCursor.decode(cursor);
        var rows = jdbi.withHandle(h -> store.listForCitizen(
                h,
                citizen,
                status,
                service,
                after == null ? null : after.at(),
                after == null ? null : after.id(),
                size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        String next = null;
        if (rows.size() > size) {
            var last = page.get(page.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new RequestPage(summaries(page), next);
    }

    /** An agency inbox page for the caller, as {@code GET /inbox} answers it. */
    public RequestPage inbox(
            KhidmaPrincipal caller,
            String agency,
            RequestStatus status,
            UUID service,
            ChannelType channel,
            SlaState sla,
            String assignedTo,
            Integer limit,
            String cursor) {
        var agencies = Callers.agencies(caller);
        if (agency != null) {
            if (!agencies.contains(agency)) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "This client does not act for agency " + agency);
            }
            agencies = Set.of(agency);
        }
        int size = limit(limit);
        var after = KeysetCursor.decode(cursor);
        var filter = new RequestStore.InboxFilter(
                agencies,
                status,
                service,
                channel,
                sla,
                assignedTo,
                after == null ? null : after.at(),
                after == null ? null : after.id());
        var now = clock.instant();
        var rows = jdbi.withHandle(h -> store.inbox(h, filter, now, size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        String next = null;
        if (rows.size() > size) {
            var last = page.get(page.size() - 1);
            next = new KeysetCursor(last.dueAt(), last.id()).encode();
        }
        return new RequestPage(summaries(page), next);
    }

    // The citizen's moves

    ServiceRequest cancel(KhidmaPrincipal caller, String number, Cancellation cancellation) {
        var current = visible(caller, number);
        if (!Callers.isCitizen(caller) || !current.citizen().equals(caller.subject())) {
            throw ProblemException.of(
                    ProblemType.FORBIDDEN, "Only the citizen cancels their request; an agency withdraws it");
        }
        var reason = cancellation == null ? null : cancellation.reason();
        var row = change(number, r -> move(r, RequestStatus.CANCELLED), "cancelled", "citizen", reason, null);
        return view(row, null, null);
    }

    ServiceRequest respond(KhidmaPrincipal caller, String number, InfoResponse response, Locale locale) {
        var current = visible(caller, number);
        Callers.requireCitizen(caller);
        if (current.status() != RequestStatus.INFO_REQUESTED) {
            throw illegal(current.status(), RequestStatus.SUBMITTED);
        }
        var service = activeService(current.serviceId());
        var merged = current.data().deepCopy();
        if (response.data() != null) {
            ((ObjectNode) merged).setAll((ObjectNode) response.data());
        }
        requireValid(service, current.journeyId() == null ? merged : withInputs(merged, current.inputs()), locale);
        requireDocuments(service.form(), response.documents(), current.citizen(), false, "documents");
        var row = change(
                number,
                r -> {
                    var edit = move(r, RequestStatus.SUBMITTED);
                    edit.data = merged;
                    resume(edit);
                    return edit;
                },
                "info_provided",
                "citizen",
                response.note(),
                null,
                response.documents());
        return view(row, null, null);
    }

    ServiceRequest rate(KhidmaPrincipal caller, String number, RequestRating rating) {
        var current = visible(caller, number);
        var citizen = Callers.requireCitizen(caller);
        if (current.status() != RequestStatus.COMPLETED) {
            throw ProblemException.of(ProblemType.CONFLICT, "Only a completed request is rated");
        }
        var row = change(
                number,
                r -> {
                    if (r.rating() != null) {
                        throw ProblemException.of(ProblemType.CONFLICT, "The request is rated already");
                    }
                    var edit = r.edit();
                    edit.rating = rating.stars();
                    return edit;
                },
                "rated",
                "citizen",
                rating.comment(),
                null);
        catalogue.rateVerified(
                current.serviceId(), citizen, new Rating(rating.stars(), current.channel(), rating.comment()), number);
        return view(row, null, null);
    }

    // The agency's moves

    ServiceRequest assign(KhidmaPrincipal caller, String number, Assignment assignment) {
        var current = forAgency(caller, number);
        if (current.status().isFinal()) {
            throw ProblemException.of(
                    ProblemType.CONFLICT, "The request is " + current.status() + ": nothing to work on");
        }
        var officer = assignment == null || assignment.officer() == null ? Callers.actor(caller) : assignment.officer();
        var row = change(
                number,
                r -> {
                    var edit = r.edit();
                    edit.assignedTo = officer;
                    return edit;
                },
                "assigned",
                Callers.actor(caller),
                officer,
                null);
        return view(row, null, null);
    }

    ServiceRequest transition(KhidmaPrincipal caller, String number, Transition transition) {
        forAgency(caller, number);
        var to = transition.status();
        if (!AGENCY_MOVES.contains(to)) {
            throw ProblemException.invalid(
                    "status", "an agency moves a request to IN_REVIEW, APPROVED, REJECTED or WITHDRAWN");
        }
        if ((to == RequestStatus.REJECTED || to == RequestStatus.WITHDRAWN)
                && (transition.note() == null || transition.note().isBlank())) {
            throw ProblemException.invalid("note", "a rejection or a withdrawal needs its reason");
        }
        var row = change(
                number,
                r -> {
                    if (to == RequestStatus.IN_REVIEW && r.awaitingPayment()) {
                        throw ProblemException.of(ProblemType.CONFLICT, "The submission fees are not paid yet");
                    }
                    return move(r, to);
                },
                to.name().toLowerCase(Locale.ROOT),
                Callers.actor(caller),
                transition.note(),
                null);
        return view(row, null, null);
    }

    ServiceRequest requestInfo(KhidmaPrincipal caller, String number, InfoRequest info) {
        forAgency(caller, number);
        var note = info.message()
                + (info.fields().isEmpty() ? "" : " [fields: " + String.join(", ", info.fields()) + "]")
                + (info.documents().isEmpty() ? "" : " [documents: " + String.join(", ", info.documents()) + "]");
        var row = change(
                number,
                r -> {
                    var edit = move(r, RequestStatus.INFO_REQUESTED);
                    edit.pausedAt = clock.instant();
                    return edit;
                },
                "info_requested",
                Callers.actor(caller),
                note,
                null);
        return view(row, null, null);
    }

    ServiceRequest complete(KhidmaPrincipal caller, String number, Completion completion) {
        var current = forAgency(caller, number);
        for (int i = 0; i < completion.documents().size(); i++) {
            var ref = completion.documents().get(i);
            var owner = jdbi.withHandle(h -> store.document(h, ref.documentId()));
            if (owner.isEmpty() || !owner.get().owner().equals(current.citizen())) {
                throw ProblemException.invalid(
                        "documents[" + i + "].document_id", "names no document issued to the request's citizen");
            }
        }
        var row = change(
                number,
                r -> {
                    var edit = move(r, RequestStatus.COMPLETED);
                    edit.outputs = completion.outputs();
                    return edit;
                },
                "completed",
                Callers.actor(caller),
                completion.note(),
                null,
                completion.documents(),
                true);
        return view(row, null, null);
    }

    // Payments

    /** A payment's committed change, told in-process by payments or found by the reconciliation. */
    void paymentChanged(UUID paymentId, PaymentStatus status) {
        if (status == PaymentStatus.CAPTURED) {
            for (var number : jdbi.withHandle(h -> store.awaiting(h, paymentId))) {
                change(
                        number,
                        r -> {
                            if (!r.awaitingPayment()) {
                                return null;
                            }
                            var edit = r.edit();
                            edit.awaitingPayment = false;
                            return edit;
                        },
                        "paid",
                        "khidma",
                        null,
                        null);
            }
        } else if (isTerminalUnpaid(status)) {
            for (var number : jdbi.withHandle(h -> store.awaiting(h, paymentId))) {
                change(
                        number,
                        r -> {
                            if (!r.awaitingPayment() || r.status().isFinal()) {
                                return null;
                            }
                            var edit = move(r, RequestStatus.CANCELLED);
                            edit.awaitingPayment = false;
                            return edit;
                        },
                        "cancelled",
                        "khidma",
                        "the payment was not completed: " + status,
                        null);
            }
        }
    }

    /** Checks the payments requests still wait for; returns how many payments were settled either way. */
    int reconcilePayments() {
        if (payments == null) {
            return 0;
        }
        int settled = 0;
        for (var paymentId : jdbi.withHandle(h -> store.awaitedPayments(h, 500))) {
            var payment = payments.find(paymentId, URI.create("http://localhost/"));
            if (payment.isPresent()
                    && (payment.get().status() == PaymentStatus.CAPTURED
                            || isTerminalUnpaid(payment.get().status()))) {
                paymentChanged(paymentId, payment.get().status());
                settled++;
            }
        }
        return settled;
    }

    private static boolean isTerminalUnpaid(PaymentStatus status) {
        return switch (status) {
            case EXPIRED, DECLINED, CANCELLED, ABANDONED, ERROR -> true;
            default -> false;
        };
    }

    /**
     * Creates one payment for the submission fees of {@code services}, for the citizen to pay.
     *
     * @param key the payment's idempotency key, scoped by the caller that submitted: payments sees
     *     one creator for every request, so a key alone would be shared between callers
     */
    UUID pay(
            String citizen,
            List<PublicService> services,
            ChannelType channel,
            String language,
            URI returnUrl,
            URI base,
            String key,
            String reference) {
        if (payments == null) {
            throw ProblemException.of(
                    ProblemType.SERVICE_UNAVAILABLE, "This server takes no payments: the fees cannot be paid here");
        }
        var items = new ArrayList<LineItemRequest>();
        for (var service : services) {
            service.form().submissionFees().forEach(fee -> items.add(LineItemRequest.of(service.id(), fee)));
        }
        var payment = new NewPayment(
                items,
                reference,
                null,
                paymentChannel(channel),
                returnUrl != null ? returnUrl : base.resolve("/requests"),
                language,
                citizen,
                null);
        return payments.createFor(PAYMENTS_CLIENT, payment, base, key).id();
    }

    private static PaymentChannel paymentChannel(ChannelType channel) {
        return switch (channel) {
            case KIOSK -> PaymentChannel.KIOSK;
            case CALL_CENTRE -> PaymentChannel.CALL_CENTRE;
            case SERVICE_CENTRE, HOME_DELIVERY -> PaymentChannel.SERVICE_CENTRE;
            case MOBILE_APP -> PaymentChannel.MOBILE_APP;
            default -> PaymentChannel.WEB;
        };
    }

    // Shared by requests and journeys

    /** A change of one request: takes its locks, applies {@code edit}, records, publishes, commits. */
    interface Editor {
        /** The change, or {@code null} for none. */
        RequestStore.Edit apply(RequestStore.Row current);
    }

    RequestStore.Row change(String number, Editor editor, String type, String actor, String note, UUID payment) {
        return change(number, editor, type, actor, note, payment, List.of(), false);
    }

    private RequestStore.Row change(
            String number,
            Editor editor,
            String type,
            String actor,
            String note,
            UUID payment,
            List<DocumentRef> added) {
        return change(number, editor, type, actor, note, payment, added, false);
    }

    private RequestStore.Row change(
            String number,
            Editor editor,
            String type,
            String actor,
            String note,
            UUID payment,
            List<DocumentRef> added,
            boolean outputs) {
        var now = clock.instant();
        return jdbi.inTransaction(h -> {
            var before = lockWithJourney(h, number);
            var edit = editor.apply(before);
            if (edit == null) {
                return before;
            }
            if (payment != null) {
                edit.paymentId = payment;
            }
            var after = edit.done(now);
            store.update(h, after, now);
            for (var document : added) {
                store.attach(h, after.id(), document, outputs, now);
            }
            record(h, after, type, actor, note, now);
            if (payment != null) {
                record(h, after, "payment_due", "khidma", null, now);
            }
            if (after.journeyId() != null && after.status() != before.status()) {
                journeys.stepChanged(h, after, now);
            }
            if (DECISIONS.contains(type)) {
                audit.record(
                        h,
                        AuditEvent.of("request." + type, "request", after.number(), after.agencyId())
                                .before(before)
                                .after(after)
                                .onBehalfOf(after.citizen()));
            }
            return after;
        });
    }

    /**
     * Locks a request for a change. A journey's step takes its journey's lock first, as every change
     * to a journey's steps does, so a completion releasing steps and a change to one of them never
     * wait on each other in opposite orders.
     */
    RequestStore.Row lockWithJourney(Handle h, String number) {
        var unlocked = store.find(h, number).orElseThrow(() -> notFound(number));
        if (unlocked.journeyId() != null) {
            store.lockJourney(h, unlocked.journeyId());
        }
        return store.lock(h, number).orElseThrow(() -> notFound(number));
    }

    /** Records an event and, once the agency has the request, publishes it to the agency's endpoints. */
    void record(Handle h, RequestStore.Row row, String type, String actor, String note, Instant now) {
        store.addEvent(h, new RequestStore.Event(row.id(), type, row.status(), actor, note, now));
        publish(h, row, type, now);
    }

    /** Something that happened to a request, for {@link #record(Handle, List, Instant)}. */
    record Happening(RequestStore.Row row, String type, String actor, String note) {}

    /** Records several events at once: their rows in one round trip, then each one's webhook. */
    void record(Handle h, List<Happening> happenings, Instant now) {
        store.addEvents(
                h,
                happenings.stream()
                        .map(e -> new RequestStore.Event(
                                e.row().id(), e.type(), e.row().status(), e.actor(), e.note(), now))
                        .toList());
        for (var happening : happenings) {
            publish(h, happening.row(), happening.type(), now);
        }
    }

    /** The agency's webhook for an event of {@code type}, when the request is submitted and it has one. */
    private void publish(Handle h, RequestStore.Row row, String type, Instant now) {
        var webhook = webhookType(type);
        if (webhook != null && row.submittedAt() != null) {
            var body = new RequestWebhookEvent(webhook, now, new RequestWebhookEvent.Data(eventView(h, row)));
            outbox.publish(h, webhook, List.of(row.agencyId()), row.number(), EventOutbox.json(body), now);
        }
    }

    private static WebhookEventType webhookType(String type) {
        return switch (type) {
            case "submitted", "released" -> WebhookEventType.REQUEST_SUBMITTED;
            case "info_requested" -> WebhookEventType.REQUEST_INFO_REQUESTED;
            case "assigned" -> WebhookEventType.REQUEST_ASSIGNED;
            case "completed" -> WebhookEventType.REQUEST_COMPLETED;
            case "rated" -> WebhookEventType.REQUEST_RATED;
            case "drafted", "blocked", "payment_due", "document_issued", "document_revoked" -> null;
            default -> WebhookEventType.REQUEST_STATUS_CHANGED;
        };
    }

    /**
     * Restarts the service-level clock stopped while the agency waited for the citizen: the due
     * time moves by the time it stood still.
     */
    private void resume(RequestStore.Edit edit) {
        if (edit.pausedAt != null && edit.dueAt != null) {
            edit.dueAt = edit.dueAt.plus(Duration.between(edit.pausedAt, clock.instant()));
        }
        edit.pausedAt = null;
    }

    static RequestStore.Edit move(RequestStore.Row row, RequestStatus to) {
        if (!row.status().canMoveTo(to)) {
            throw illegal(row.status(), to);
        }
        var edit = row.edit();
        edit.status = to;
        return edit;
    }

    String number(Handle h, String agencyId, Instant now) {
        return numbers(h, List.of(agencyId), now).get(0);
    }

    /** A number for each of {@code agencyIds}, in order, in one statement. */
    List<String> numbers(Handle h, List<String> agencyIds, Instant now) {
        int year = now.atZone(options.numberZone()).getYear();
        var prefixes = agencyIds.stream().map(RequestService::numberPrefix).toList();
        var wanted = new TreeMap<String, Integer>();
        prefixes.forEach(prefix -> wanted.merge(prefix, 1, Integer::sum));
        var last = store.nextNumbers(h, wanted, year);
        var next = new HashMap<String, Long>();
        wanted.forEach((prefix, count) -> next.put(prefix, last.get(prefix) - count + 1));
        return prefixes.stream()
                .map(prefix -> "%s-%d-%06d".formatted(prefix, year, next.merge(prefix, 1L, Long::sum) - 1))
                .toList();
    }

    private static String numberPrefix(String agencyId) {
        var prefix = agencyId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return prefix.isEmpty() ? "REQ" : prefix.substring(0, Math.min(12, prefix.length()));
    }

    Duration sla(PublicService service) {
        return service.processingTime() != null
                        && !service.processingTime().isNegative()
                        && !service.processingTime().isZero()
                ? service.processingTime()
                : options.defaultSla();
    }

    PublicService activeService(UUID id) {
        return takingApplications(catalogue
                .find(id)
                .orElseThrow(() -> ProblemException.of(ProblemType.UNPROCESSABLE, "No active service " + id)));
    }

    /** The service as read, if it is active and takes applications here; for one just read. */
    PublicService takingApplications(PublicService service) {
        if (service.status() != ServiceStatus.ACTIVE) {
            throw ProblemException.of(ProblemType.UNPROCESSABLE, "No active service " + service.id());
        }
        if (service.form() == null) {
            throw ProblemException.of(
                    ProblemType.UNPROCESSABLE, "Service " + service.code() + " takes no applications here");
        }
        return service;
    }

    CatalogueService catalogue() {
        return catalogue;
    }

    RequestStore store() {
        return store;
    }

    /** The service's form compiled once per version of the service. */
    ApplicationForms.CompiledForm form(PublicService service) {
        return forms.computeIfAbsent(
                service.id() + "@" + service.lastModified(), k -> ApplicationForms.compile(service.form()));
    }

    void requireValid(PublicService service, JsonNode data, Locale locale) {
        if (!data.isObject()) {
            throw ProblemException.of(
                    ProblemType.INVALID_INPUT,
                    "The application is not valid",
                    List.of(new FieldError("data", "invalid-type", "must be an object")));
        }
        var errors = form(service).validate(data, "data", locale);
        if (!errors.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_INPUT, "The application is not valid", errors);
        }
    }

    /**
     * Every attached document must be the citizen's, of a kind the form asks for, of an accepted
     * type and size; with {@code complete}, every required kind must be there.
     */
    void requireDocuments(
            ApplicationForm form, List<DocumentRef> documents, String citizen, boolean complete, String field) {
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < documents.size(); i++) {
            var ref = documents.get(i);
            var at = field + "[" + i + "]";
            var wanted = form.document(ref.kind());
            if (wanted.isEmpty()) {
                errors.add(new FieldError(at + ".kind", "unknown-kind", "the form asks for no document " + ref.kind()));
                continue;
            }
            var stored = jdbi.withHandle(h -> store.document(h, ref.documentId()));
            if (stored.isEmpty() || !stored.get().owner().equals(citizen)) {
                errors.add(new FieldError(at + ".document_id", "unknown-document", "no document of the applicant's"));
                continue;
            }
            if (!wanted.get().mediaTypes().contains(stored.get().mediaType())) {
                errors.add(new FieldError(
                        at + ".document_id",
                        "invalid-media-type",
                        "must be one of " + wanted.get().mediaTypes()));
            }
            if (stored.get().size() > wanted.get().maxBytes()) {
                errors.add(new FieldError(
                        at + ".document_id",
                        "too-large",
                        "must be at most " + wanted.get().maxBytes() + " bytes"));
            }
        }
        if (complete) {
            for (var required : form.documents()) {
                if (required.required()
                        && documents.stream().noneMatch(d -> d.kind().equals(required.kind()))) {
                    errors.add(new FieldError(field, "required", "needs a document of kind " + required.kind()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_INPUT, "The documents are not valid", errors);
        }
    }

    static JsonNode withInputs(JsonNode data, JsonNode inputs) {
        if (inputs == null || !inputs.isObject()) {
            return data;
        }
        var merged = data.deepCopy();
        ((ObjectNode) merged).setAll((ObjectNode) inputs.deepCopy());
        return merged;
    }

    // Views

    /**
     * Requests as a list shows them: without timeline, documents and payment link, their services
     * and journeys read in one query each for the whole page.
     */
    List<ServiceRequest> summaries(List<RequestStore.Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var services =
                catalogue.findAll(rows.stream().map(RequestStore.Row::serviceId).toList());
        var journeyIds = rows.stream()
                .map(RequestStore.Row::journeyId)
                .filter(Objects::nonNull)
                .toList();
        var journeys = journeyIds.isEmpty()
                ? Map.<UUID, String>of()
                : jdbi.withHandle(h -> store.journeyNumbers(h, journeyIds));
        return rows.stream()
                .map(row -> build(
                        row,
                        services.get(row.serviceId()),
                        row.journeyId() == null ? null : journeys.get(row.journeyId()),
                        null,
                        List.of(),
                        List.of(),
                        List.of()))
                .toList();
    }

    /**
     * A request as its events carry it, read in the transaction that changed it: no second
     * connection while the first is held, so a busy pool cannot starve itself.
     */
    private ServiceRequest eventView(Handle h, RequestStore.Row row) {
        var journey = row.journeyId() == null
                ? null
                : store.journey(h, row.journeyId())
                        .map(RequestStore.JourneyRow::number)
                        .orElse(null);
        return build(
                row,
                null,
                journey,
                row.paymentId() == null ? null : new PaymentDue(row.paymentId(), 0, "AED", null, null),
                List.of(),
                List.of(),
                List.of());
    }

    ServiceRequest view(RequestStore.Row row, URI base, Locale timelineLocale) {
        return view(row, base, timelineLocale, true);
    }

    private ServiceRequest view(RequestStore.Row row, URI base, Locale timelineLocale, boolean full) {
        var service = catalogue.find(row.serviceId()).orElse(null);
        var payment = paymentDue(row, base);
        var documents = jdbi.withHandle(h -> store.attachments(h, row.id(), false));
        var outputs = jdbi.withHandle(h -> store.attachments(h, row.id(), true));
        var journey = row.journeyId() == null
                ? null
                : jdbi.withHandle(h -> store.journey(h, row.journeyId()))
                        .map(RequestStore.JourneyRow::number)
                        .orElse(null);
        var timeline = timelineLocale == null
                ? List.<TimelineEntry>of()
                : jdbi.withHandle(h -> store.events(h, List.of(row.id()))).stream()
                        .map(e -> Timeline.entry(e, row.number(), row.agencyId(), timelineLocale))
                        .toList();
        return build(row, service, journey, payment, documents, outputs, timeline);
    }

    /** The payment the request waits for or was paid by, as its view shows it; null when none. */
    PaymentDue paymentDue(RequestStore.Row row, URI base) {
        if (row.paymentId() == null || payments == null) {
            return null;
        }
        return payments.find(row.paymentId(), base == null ? URI.create("http://localhost/") : base)
                .map(p -> new PaymentDue(
                        p.id(),
                        p.amount(),
                        p.currency(),
                        base == null ? null : p.nextUrl(),
                        p.status().name()))
                .orElse(null);
    }

    private ServiceRequest build(
            RequestStore.Row row,
            PublicService service,
            String journeyNumber,
            PaymentDue payment,
            List<DocumentRef> documents,
            List<DocumentRef> outputs,
            List<TimelineEntry> timeline) {
        return new ServiceRequest(
                row.number(),
                row.serviceId(),
                row.serviceCode(),
                service == null ? null : service.title(),
                row.agencyId(),
                row.citizen(),
                row.status(),
                row.awaitingPayment(),
                payment,
                row.channel(),
                row.language(),
                row.data(),
                row.inputs(),
                documents,
                row.outputs(),
                outputs,
                row.assignedTo(),
                row.dueAt(),
                slaState(row),
                journeyNumber,
                row.stepKey(),
                row.rating(),
                row.submittedAt(),
                row.createdAt(),
                row.updatedAt(),
                timeline);
    }

    /** How an open request stands: breached past due, due soon with less than a quarter of its SLA left. */
    SlaState slaState(RequestStore.Row row) {
        if (!row.status().awaitsAgency() || row.dueAt() == null || row.slaSeconds() == null) {
            return null;
        }
        // While the agency waits for the citizen the clock stands still.
        var now = row.pausedAt() != null ? row.pausedAt() : clock.instant();
        if (now.isAfter(row.dueAt())) {
            return SlaState.BREACHED;
        }
        return now.plusSeconds(row.slaSeconds() / 4).isAfter(row.dueAt()) ? SlaState.DUE_SOON : SlaState.ON_TRACK;
    }

    // Access

    /** The request, when the caller may see it: its citizen, its agent, or its agency once it has it. */
    RequestStore.Row visible(KhidmaPrincipal caller, String number) {
        AgencyAccess.requireCaller(caller);
        return visible(caller, jdbi.withHandle(h -> store.find(h, number)).orElseThrow(() -> notFound(number)));
    }

    /** The request read already, when the caller may see it; 404 otherwise. */
    RequestStore.Row visible(KhidmaPrincipal caller, RequestStore.Row row) {
        AgencyAccess.requireCaller(caller);
        var number = row.number();
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            if (!row.citizen().equals(caller.subject())) {
                throw notFound(number);
            }
            return row;
        }
        if (Objects.equals(row.submittedBy(), caller.clientId())) {
            return row;
        }
        if (row.submittedAt() != null
                && (caller.hasScope(Callers.PROCESS_SCOPE)
                        || caller.scopes().stream().anyMatch(s -> s.startsWith(Callers.PROCESS_SCOPE + ":")))
                && Callers.agencies(caller).contains(row.agencyId())) {
            return row;
        }
        throw notFound(number);
    }

    /** The request, when the caller works for its agency and the agency has it. */
    RequestStore.Row forAgency(KhidmaPrincipal caller, String number) {
        var agencies = Callers.agencies(caller);
        var row = jdbi.withHandle(h -> store.find(h, number)).orElseThrow(() -> notFound(number));
        if (!agencies.contains(row.agencyId()) || row.submittedAt() == null) {
            throw notFound(number);
        }
        return row;
    }

    static int limit(Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        return size;
    }

    /** 409 {@code illegal-transition}: the status machine does not allow the move. */
    static ProblemException illegal(RequestStatus from, RequestStatus to) {
        return new ProblemException(Problem.of(
                409,
                "illegal-transition",
                "The request's status does not allow this",
                "A request " + from + " cannot become " + to));
    }

    static ProblemException notFound(String number) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No request " + number);
    }
}
