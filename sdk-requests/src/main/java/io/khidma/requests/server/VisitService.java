package io.khidma.requests.server;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Text;
import io.khidma.requests.model.Cancellation;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.Dispatch;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.FieldResourceList;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.Reschedule;
import io.khidma.requests.model.Slot;
import io.khidma.requests.model.SlotList;
import io.khidma.requests.model.Visit;
import io.khidma.requests.model.VisitEntry;
import io.khidma.requests.model.VisitList;
import io.khidma.requests.model.VisitRating;
import io.khidma.requests.model.VisitStatus;
import io.khidma.requests.model.VisitUpdate;
import io.khidma.requests.model.VisitWebhookEvent;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Services on demand (Tawseel): agencies publish bookable capacity for their home-delivery and
 * service-centre services; citizens, or agents for them, book a slot for a request, reschedule and
 * cancel; the agency dispatches a consultant and a vehicle, whose device moves the visit on; the
 * citizen rates a done visit. A slot is never over-booked: every booking takes a place with one
 * conditional update of the slot's counter row, whose lock and CHECK constraints hold across
 * replicas. Every change is told in the request's timeline and raised as a {@code visit.*} event.
 */
public final class VisitService {

    /** How far ahead one look at the slots reaches. */
    static final Duration MAX_WINDOW = Duration.ofDays(62);

    private static final Set<ChannelType> BOOKABLE = EnumSet.of(ChannelType.HOME_DELIVERY, ChannelType.SERVICE_CENTRE);
    private static final Set<VisitStatus> DEVICE_MOVES =
            EnumSet.of(VisitStatus.EN_ROUTE, VisitStatus.ON_SITE, VisitStatus.DONE, VisitStatus.NO_SHOW);

    private final Jdbi jdbi;
    private final VisitStore store;
    private final RequestService requests;
    private final CatalogueService catalogue;
    private final EventOutbox outbox;
    private final RequestsOptions options;
    private final Clock clock;

    VisitService(
            Jdbi jdbi,
            VisitStore store,
            RequestService requests,
            CatalogueService catalogue,
            EventOutbox outbox,
            RequestsOptions options,
            Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.requests = requests;
        this.catalogue = catalogue;
        this.outbox = outbox;
        this.options = options;
        this.clock = clock;
    }

    // Capacity

    /** Publishes a service's areas and slots, as {@code PUT /services/{code}/capacity} does. */
    public SlotList publish(KhidmaPrincipal caller, String serviceCode, Capacity capacity) {
        var service = bookableService(serviceCode);
        requireAgency(caller, service.agencyId());
        var hold = Duration.ofHours(capacity.holdHours());
        var earliest = capacity.slots().stream()
                .map(s -> s.startsAt())
                .min(Instant::compareTo)
                .orElse(clock.instant());
        try {
            jdbi.useTransaction(h -> {
                for (var area : capacity.areas()) {
                    store.saveArea(h, service.agencyId(), area);
                }
                var known = new HashSet<>(store.areaCodes(h, service.agencyId()));
                for (int i = 0; i < capacity.slots().size(); i++) {
                    var slot = capacity.slots().get(i);
                    if (!known.contains(slot.area())) {
                        throw ProblemException.invalid("slots[" + i + "].area", "names no area of the agency");
                    }
                    store.saveSlot(
                            h,
                            service.agencyId(),
                            service.code(),
                            slot,
                            slot.startsAt().minus(hold));
                }
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23514".equals(sql.getSQLState())) {
                throw ProblemException.of(ProblemType.CONFLICT, "A slot's capacity cannot go below its bookings");
            }
            throw e;
        }
        return slots(serviceCode, null, earliest, earliest.plus(MAX_WINDOW));
    }

    /** The service's slots starting in [from, to), with the places left now. */
    public SlotList slots(String serviceCode, String area, Instant from, Instant to) {
        var service = bookableService(serviceCode);
        var start = from == null ? clock.instant() : from;
        var end = to == null ? start.plus(Duration.ofDays(14)) : to;
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.invalid("to", "must be after from, by at most " + MAX_WINDOW.toDays() + " days");
        }
        var now = clock.instant();
        var rows = jdbi.withHandle(h -> store.slots(h, service.code(), area, start, end));
        return new SlotList(rows.stream().map(r -> slot(r, now)).toList());
    }

    // Consultants and vehicles

    FieldResource saveResource(KhidmaPrincipal caller, String id, FieldResource resource) {
        var agency = ownAgency(caller);
        var saved = resource.withId(id);
        jdbi.useHandle(h -> store.saveResource(h, agency, saved));
        return saved;
    }

    FieldResourceList resources(KhidmaPrincipal caller) {
        var agency = ownAgency(caller);
        return new FieldResourceList(jdbi.withHandle(h -> store.resources(h, agency)));
    }

    // Booking

    /**
     * Books a slot for a request, as {@code POST /requests/{number}/visits} does: in one
     * transaction, the request locked (so one request books once at a time), a place taken from
     * the slot's counter, the visit written; a second active visit of the request breaks the
     * unique index and rolls it all back.
     */
    public Visit book(KhidmaPrincipal caller, String number, NewVisit booking) {
        AgencyAccess.requireCaller(caller);
        var now = clock.instant();
        var id = UUID.randomUUID();
        var actor = Callers.actor(caller);
        try {
            return jdbi.inTransaction(h -> {
                var locked = requests.store()
                        .lock(h, number)
                        .map(row -> requests.visible(caller, row))
                        .orElseThrow(() -> RequestService.notFound(number));
                if (!locked.status().awaitsAgency()) {
                    throw ProblemException.of(
                            ProblemType.CONFLICT, "The request is " + locked.status() + ": no visit can be booked");
                }
                var slot = bookableSlot(h, booking.slotId(), locked.serviceCode(), "slot_id");
                if (!store.take(h, slot.id(), booking.priorityGroup() != null, now)) {
                    throw full(slot, now);
                }
                var language = booking.language() != null ? booking.language() : locked.language();
                store.insert(
                        h,
                        id,
                        locked.id(),
                        slot.id(),
                        slot.agencyId(),
                        locked.citizen(),
                        actor,
                        booking.priorityGroup(),
                        booking.place(),
                        booking.contactPhone(),
                        language,
                        now);
                // As stored: the slot's counters as this transaction, holding its lock, leaves them.
                var taken = slot.taken(booking.priorityGroup() != null);
                var visit = new VisitStore.VisitRow(
                        id,
                        locked.id(),
                        locked.number(),
                        locked.serviceId(),
                        taken,
                        slot.agencyId(),
                        locked.citizen(),
                        actor,
                        booking.priorityGroup(),
                        booking.place(),
                        booking.contactPhone(),
                        language,
                        VisitStatus.BOOKED,
                        null,
                        null,
                        0,
                        null,
                        null,
                        now,
                        now);
                changed(
                        h,
                        visit,
                        "visit_booked",
                        locked.status().name(),
                        actor,
                        null,
                        WebhookEventType.VISIT_BOOKED,
                        now);
                return build(visit, List.of(new VisitEntry(now, "visit_booked", actor, null)), now);
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw ProblemException.of(
                        ProblemType.CONFLICT, "The request has a visit booked already: reschedule or cancel it");
            }
            throw e;
        }
    }

    Visit reschedule(KhidmaPrincipal caller, UUID id, Reschedule reschedule) {
        var before = visible(caller, id);
        var actor = Callers.actor(caller);
        var now = clock.instant();
        change(before, (h, visit) -> {
            requireMove(visit, VisitStatus.RESCHEDULED);
            if (visit.slot().id().equals(reschedule.slotId())) {
                throw ProblemException.invalid("slot_id", "is the visit's slot already");
            }
            store.lockSlots(h, List.of(visit.slot().id(), reschedule.slotId()));
            var slot = bookableSlot(h, reschedule.slotId(), visit.slot().serviceCode(), "slot_id");
            boolean priority = visit.priorityGroup() != null;
            if (!store.take(h, slot.id(), priority, now)) {
                throw full(slot, now);
            }
            store.release(h, visit.slot().id(), priority);
            store.update(
                    h, id, slot.id(), VisitStatus.RESCHEDULED, null, null, visit.sequence() + 1, null, null, null, now);
            return new Move("visit_rescheduled", actor, null, WebhookEventType.VISIT_RESCHEDULED);
        });
        return view(id, true);
    }

    Visit cancel(KhidmaPrincipal caller, UUID id, Cancellation cancellation) {
        var before = visible(caller, id);
        var actor = Callers.actor(caller);
        var now = clock.instant();
        change(before, (h, visit) -> {
            requireMove(visit, VisitStatus.CANCELLED);
            store.release(h, visit.slot().id(), visit.priorityGroup() != null);
            store.update(
                    h,
                    id,
                    visit.slot().id(),
                    VisitStatus.CANCELLED,
                    visit.consultant(),
                    visit.vehicle(),
                    visit.sequence() + 1,
                    null,
                    null,
                    null,
                    now);
            return new Move(
                    "visit_cancelled",
                    actor,
                    cancellation == null ? null : cancellation.reason(),
                    WebhookEventType.VISIT_CANCELLED);
        });
        return view(id, true);
    }

    // The agency's moves

    Visit dispatch(KhidmaPrincipal caller, UUID id, Dispatch dispatch) {
        var before = forAgency(caller, id);
        var actor = Callers.actor(caller);
        var now = clock.instant();
        change(before, (h, visit) -> {
            requireMove(visit, VisitStatus.DISPATCHED);
            // Locked in id order, so two dispatchers of the same pair never wait on each other.
            var ids = List.of(dispatch.consultant(), dispatch.vehicle()).stream()
                    .sorted()
                    .toList();
            for (var resourceId : ids) {
                store.lockResource(h, visit.agencyId(), resourceId);
            }
            requireFree(h, visit, dispatch.consultant(), FieldResource.Kind.CONSULTANT, "consultant");
            requireFree(h, visit, dispatch.vehicle(), FieldResource.Kind.VEHICLE, "vehicle");
            store.update(
                    h,
                    id,
                    visit.slot().id(),
                    VisitStatus.DISPATCHED,
                    dispatch.consultant(),
                    dispatch.vehicle(),
                    visit.sequence(),
                    null,
                    null,
                    null,
                    now);
            return new Move(
                    "visit_dispatched",
                    actor,
                    dispatch.consultant() + ", " + dispatch.vehicle(),
                    WebhookEventType.VISIT_DISPATCHED);
        });
        return view(id, true);
    }

    Visit update(KhidmaPrincipal caller, UUID id, VisitUpdate update) {
        var before = forAgency(caller, id);
        if (!DEVICE_MOVES.contains(update.status())) {
            throw ProblemException.invalid(
                    "status", "the consultant's device moves a visit to EN_ROUTE, ON_SITE, DONE or NO_SHOW");
        }
        var actor = Callers.actor(caller);
        var now = clock.instant();
        change(before, (h, visit) -> {
            requireMove(visit, update.status());
            store.update(
                    h,
                    id,
                    visit.slot().id(),
                    update.status(),
                    visit.consultant(),
                    visit.vehicle(),
                    visit.sequence(),
                    null,
                    null,
                    null,
                    now);
            var event =
                    switch (update.status()) {
                        case EN_ROUTE -> WebhookEventType.VISIT_EN_ROUTE;
                        case ON_SITE -> WebhookEventType.VISIT_ON_SITE;
                        case DONE -> WebhookEventType.VISIT_DONE;
                        default -> WebhookEventType.VISIT_NO_SHOW;
                    };
            return new Move(event.wireName().replace('.', '_'), actor, update.note(), event);
        });
        return view(id, true);
    }

    /** The citizen rates a done visit and its service; the service's rating is verified in the catalogue. */
    Visit rate(KhidmaPrincipal caller, UUID id, VisitRating rating) {
        var citizen = Callers.requireCitizen(caller);
        var before = visible(caller, id);
        var now = clock.instant();
        change(before, (h, visit) -> {
            if (visit.status() != VisitStatus.DONE) {
                throw ProblemException.of(ProblemType.CONFLICT, "Only a done visit is rated");
            }
            if (visit.visitRating() != null) {
                throw ProblemException.of(ProblemType.CONFLICT, "The visit is rated already");
            }
            store.update(
                    h,
                    id,
                    visit.slot().id(),
                    visit.status(),
                    visit.consultant(),
                    visit.vehicle(),
                    visit.sequence(),
                    rating.visit(),
                    rating.service(),
                    rating.comment(),
                    now);
            return new Move(
                    "visit_rated", "citizen", rating.visit() + "/" + rating.service(), WebhookEventType.VISIT_RATED);
        });
        catalogue.rateVerified(
                before.serviceId(),
                citizen,
                new Rating(rating.service(), ChannelType.HOME_DELIVERY, rating.comment()),
                before.requestNumber());
        return view(id, true);
    }

    // Reading

    Visit get(KhidmaPrincipal caller, UUID id) {
        visible(caller, id);
        return view(id, true);
    }

    /** The agency's visits of a day in its time zone, by start time: the dispatch board. */
    VisitList board(KhidmaPrincipal caller, LocalDate date, VisitStatus status) {
        var agencies = Callers.agencies(caller);
        var from = date.atStartOfDay(options.numberZone()).toInstant();
        var to = date.plusDays(1).atStartOfDay(options.numberZone()).toInstant();
        var now = clock.instant();
        var rows = jdbi.withHandle(h -> agencies.stream()
                .flatMap(agency -> store.board(h, agency, from, to, status).stream())
                .toList());
        return new VisitList(rows.stream()
                .sorted((a, b) -> a.slot().startsAt().compareTo(b.slot().startsAt()))
                .map(r -> build(r, List.of(), now))
                .toList());
    }

    /** The visit and what the invitation needs of its service and agency. */
    record Invitation(Visit visit, PublicService service, Text agencyName) {}

    Invitation invitation(KhidmaPrincipal caller, UUID id) {
        var row = visible(caller, id);
        var service = catalogue.find(row.serviceId()).orElseThrow();
        var agency = catalogue.agencies().stream()
                .filter(a -> a.id().equals(row.agencyId()))
                .map(Agency::name)
                .findFirst()
                .orElse(Text.of(row.agencyId(), row.agencyId()));
        return new Invitation(view(id, false), service, agency);
    }

    // Access

    /** The visit, when the caller may see it: its citizen, who booked it, or its agency. */
    VisitStore.VisitRow visible(KhidmaPrincipal caller, UUID id) {
        AgencyAccess.requireCaller(caller);
        var row = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            if (!row.citizen().equals(caller.subject())) {
                throw notFound(id);
            }
            return row;
        }
        if (row.bookedBy().equals(caller.clientId())) {
            return row;
        }
        requests.visible(caller, row.requestNumber());
        return row;
    }

    private VisitStore.VisitRow forAgency(KhidmaPrincipal caller, UUID id) {
        var agencies = Callers.agencies(caller);
        var row = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        if (!agencies.contains(row.agencyId())) {
            throw notFound(id);
        }
        return row;
    }

    private static String ownAgency(KhidmaPrincipal caller) {
        var agencies = Callers.agencies(caller);
        var own = caller.agency().orElseThrow();
        if (!agencies.contains(own)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "This needs scope " + Callers.PROCESS_SCOPE);
        }
        return own;
    }

    private static void requireAgency(KhidmaPrincipal caller, String agencyId) {
        if (!Callers.agencies(caller).contains(agencyId)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only the service's agency publishes its capacity");
        }
    }

    // Rules

    private PublicService bookableService(String code) {
        var service = catalogue
                .findByCode(code)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No service " + code));
        if (service.channels().stream().noneMatch(c -> BOOKABLE.contains(c.type()))) {
            throw ProblemException.of(
                    ProblemType.NOT_FOUND, "Service " + code + " is not offered at home or in a service centre");
        }
        return service;
    }

    private VisitStore.SlotRow bookableSlot(Handle h, UUID slotId, String serviceCode, String field) {
        var slot = store.slot(h, slotId)
                .filter(s -> s.serviceCode().equals(serviceCode))
                .orElseThrow(() -> ProblemException.invalid(field, "names no slot of the request's service"));
        if (!slot.startsAt().isAfter(clock.instant())) {
            throw ProblemException.invalid(field, "names a slot that has started");
        }
        return slot;
    }

    private void requireFree(
            Handle h, VisitStore.VisitRow visit, String resourceId, FieldResource.Kind kind, String field) {
        var resource = store.lockResource(h, visit.agencyId(), resourceId)
                .filter(r -> r.kind() == kind)
                .orElseThrow(() -> ProblemException.invalid(
                        field, "names no " + kind.name().toLowerCase(Locale.ROOT) + " of the agency"));
        var zone = options.numberZone();
        var start = visit.slot().startsAt().atZone(zone);
        var end = visit.slot().endsAt().atZone(zone);
        boolean works = resource.workDays().contains(start.getDayOfWeek().getValue())
                && start.toLocalDate().equals(end.toLocalDate())
                && !start.toLocalTime().isBefore(LocalTime.parse(resource.worksFrom()))
                && !end.toLocalTime().isAfter(LocalTime.parse(resource.worksUntil()));
        if (!works) {
            throw ProblemException.of(ProblemType.CONFLICT, resourceId + " does not work at the slot's time");
        }
        if (store.busy(
                h,
                visit.agencyId(),
                resourceId,
                visit.id(),
                visit.slot().startsAt(),
                visit.slot().endsAt())) {
            throw ProblemException.of(ProblemType.CONFLICT, resourceId + " is on another visit at that time");
        }
    }

    private static void requireMove(VisitStore.VisitRow visit, VisitStatus to) {
        if (!visit.status().canMoveTo(to)) {
            throw new ProblemException(Problem.of(
                    409,
                    "illegal-transition",
                    "The visit's status does not allow this",
                    "A visit " + visit.status() + " cannot become " + to));
        }
    }

    /** 409 {@code slot-full}: no place left for this booker, or only places held for priority groups. */
    private static ProblemException full(VisitStore.SlotRow slot, Instant now) {
        var held = slot.priorityAvailable() > 0;
        return new ProblemException(Problem.of(
                409,
                "slot-full",
                "The slot is full",
                held
                        ? "The places left are held for the elderly and people of determination until "
                                + slot.priorityReleaseAt()
                        : "No place is left in this slot; choose another"));
    }

    // Changing

    private record Move(String type, String actor, String note, WebhookEventType event) {}

    @FunctionalInterface
    private interface Mover {
        Move apply(Handle h, VisitStore.VisitRow locked);
    }

    /** Locks the request, then the visit, applies the move, and records and publishes it. */
    private void change(VisitStore.VisitRow before, Mover mover) {
        var now = clock.instant();
        jdbi.useTransaction(h -> {
            var request = requests.lockWithJourney(h, before.requestNumber());
            var locked = store.lock(h, before.id()).orElseThrow(() -> notFound(before.id()));
            var move = mover.apply(h, locked);
            var after = store.find(h, before.id()).orElseThrow();
            changed(h, after, move.type(), request.status().name(), move.actor(), move.note(), move.event(), now);
        });
    }

    private void changed(
            Handle h,
            VisitStore.VisitRow visit,
            String type,
            String requestStatus,
            String actor,
            String note,
            WebhookEventType event,
            Instant now) {
        store.addEvent(h, visit, type, requestStatus, actor, note, now);
        var body = new VisitWebhookEvent(event, now, new VisitWebhookEvent.Data(build(visit, List.of(), now)));
        outbox.publish(h, event, List.of(visit.agencyId()), visit.requestNumber(), EventOutbox.json(body), now);
    }

    // Views

    private Visit view(UUID id, boolean history) {
        var now = clock.instant();
        return jdbi.withHandle(h -> {
            var row = store.find(h, id).orElseThrow(() -> notFound(id));
            return build(row, history ? store.history(h, id) : List.of(), now);
        });
    }

    private static Visit build(VisitStore.VisitRow row, List<VisitEntry> history, Instant now) {
        return new Visit(
                row.id(),
                row.requestNumber(),
                row.slot().serviceCode(),
                row.agencyId(),
                row.citizen(),
                slot(row.slot(), now),
                row.place(),
                row.contactPhone(),
                row.priorityGroup(),
                row.language(),
                row.status(),
                row.consultant(),
                row.vehicle(),
                row.sequence(),
                row.visitRating(),
                row.serviceRating(),
                row.createdAt(),
                row.updatedAt(),
                history);
    }

    static Slot slot(VisitStore.SlotRow row, Instant now) {
        return new Slot(
                row.id(),
                row.serviceCode(),
                row.agencyId(),
                row.area(),
                row.startsAt(),
                row.endsAt(),
                row.capacity(),
                row.priorityCapacity(),
                row.available(now),
                row.priorityAvailable(),
                row.priorityReleaseAt());
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No visit " + id);
    }
}
