package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.HOME_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiPeriod;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.problem.ConflictException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.text.Text;
import io.khidma.requests.model.Area;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.NewSlot;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.Place;
import io.khidma.requests.model.PriorityGroup;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.Slot;
import io.khidma.requests.model.Transition;
import io.khidma.requests.model.VisitRating;
import io.khidma.requests.model.VisitStatus;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Services on demand over HTTP against the real server kit and PostgreSQL: capacity, priority
 * places, booking under contention on two replicas, rescheduling, the iCalendar invitation, dispatch
 * with working hours, the consultant's device, and the citizen's rating.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisitsTest {

    private static final ZoneId DUBAI = ZoneId.of("Asia/Dubai");
    private static final Area BARSHA = new Area("dubai-al-barsha", "Dubai", Text.of("البرشاء", "Al Barsha"));
    private static final Area MIRDIF = new Area("dubai-mirdif", "Dubai", Text.of("مردف", "Mirdif"));
    private static final Place HOME = new Place(
            "فيلا 12، شارع 5 — Villa 12, Street 5, a long address that makes the invitation's LOCATION line fold",
            "Al Barsha 2",
            25.1122,
            55.2001);

    private RequestsFixture fixture;
    private TokenProvider fatima;
    private TokenProvider omar;
    private RequestsClient mohre;
    /** Tomorrow in Dubai, 09:00 local: the first slot of each test's own day. */
    private LocalDate day;

    @BeforeAll
    void start() {
        fixture = new RequestsFixture();
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
        omar = fixture.citizen(SandboxIdentity.OMAR);
        mohre = fixture.client(fixture.mohre);
        day = LocalDate.now(DUBAI).plusDays(3);
        mohre.saveFieldResource(
                "consultant-aisha",
                new FieldResource(
                        null, FieldResource.Kind.CONSULTANT, "Aisha Al Suwaidi", "08:00", "16:00", List.of()));
        mohre.saveFieldResource(
                "consultant-late",
                new FieldResource(null, FieldResource.Kind.CONSULTANT, "Evening shift", "16:00", "23:00", List.of()));
        mohre.saveFieldResource(
                "van-7", new FieldResource(null, FieldResource.Kind.VEHICLE, "Van 7", "07:00", "22:00", List.of()));
    }

    @AfterAll
    void stop() {
        mohre.close();
        fixture.close();
    }

    @Test
    void priorityPlacesAreHeldRescheduleKeepsOneVisitAndTheInvitationFollows() throws Exception {
        var slots = publish(List.of(slot(BARSHA, 9, 2, 1), slot(BARSHA, 11, 2, 0)));
        var nine = slots.get(0);
        assertThat(nine.available()).as("one place held").isEqualTo(1);
        assertThat(nine.priorityAvailable()).isEqualTo(2);

        try (var first = fixture.client(omar);
                var second = fixture.client(omar);
                var elderly = fixture.client(fatima)) {
            var omarsFirst = first.submit(application());
            first.bookVisit(omarsFirst.number(), new NewVisit(nine.id(), HOME, "+971 50 123 4567", null, "en"));
            var omarsSecond = second.submit(application());
            assertThatThrownBy(() -> second.bookVisit(
                            omarsSecond.number(), new NewVisit(nine.id(), HOME, "+971501234567", null, null)))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e ->
                            assertThat(((KhidmaException) e).problem().code()).isEqualTo("slot-full"))
                    .hasMessageContaining("held for the elderly");

            var request = elderly.submit(application());
            var visit = elderly.bookVisit(
                    request.number(), new NewVisit(nine.id(), HOME, "+971501234567", PriorityGroup.ELDERLY, "ar"));
            assertThat(visit.status()).isEqualTo(VisitStatus.BOOKED);
            assertThat(visit.slot().available()).isZero();
            assertThat(elderly.get(request.number()).timeline())
                    .extracting(e -> e.type())
                    .contains("visit_booked");

            assertThatThrownBy(() -> elderly.bookVisit(
                            request.number(), new NewVisit(slots.get(1).id(), HOME, "+971501234567", null, null)))
                    .as("one visit at a time per request")
                    .isInstanceOf(ConflictException.class);

            var moved = elderly.reschedule(visit.id(), slots.get(1).id());
            assertThat(moved.id()).isEqualTo(visit.id());
            assertThat(moved.status()).isEqualTo(VisitStatus.RESCHEDULED);
            assertThat(moved.sequence()).isEqualTo(1);
            assertThat(moved.slot().id()).isEqualTo(slots.get(1).id());
            var after = elderly.slots(
                    HOME_SERVICE,
                    BARSHA.code(),
                    nine.startsAt(),
                    nine.startsAt().plusSeconds(1));
            assertThat(after.items().get(0).priorityAvailable())
                    .as("the old place is free again")
                    .isEqualTo(1);

            var invitation = elderly.invitation(visit.id(), "ar");
            assertRfc5545(invitation);
            var event = parse(invitation);
            assertThat(event.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo(visit.id() + "@khidma");
            assertThat(event.getProperty(Property.SEQUENCE).orElseThrow().getValue())
                    .isEqualTo("1");
            assertThat(event.getProperty(Property.STATUS).orElseThrow().getValue())
                    .isEqualTo("CONFIRMED");
            assertThat(event.getProperty(Property.DTSTART).orElseThrow().getValue())
                    .isEqualTo(formatUtc(slots.get(1).startsAt()));
            assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue())
                    .startsWith("زيارة منزلية");
            assertThat(event.getProperty(Property.LOCATION).orElseThrow().getValue())
                    .contains("Villa 12", "البرشاء");
            assertThat(invitation).contains("METHOD:REQUEST", "ORGANIZER;CN=", "ATTENDEE;ROLE=REQ-PARTICIPANT");

            var cancelled = elderly.cancelVisit(visit.id(), "travelling");
            assertThat(cancelled.status()).isEqualTo(VisitStatus.CANCELLED);
            var cancellation = elderly.invitation(visit.id(), "en");
            assertRfc5545(cancellation);
            assertThat(cancellation).contains("METHOD:CANCEL");
            var cancelledEvent = parse(cancellation);
            assertThat(cancelledEvent
                            .getProperty(Property.SEQUENCE)
                            .orElseThrow()
                            .getValue())
                    .isEqualTo("2");
            assertThat(cancelledEvent.getProperty(Property.STATUS).orElseThrow().getValue())
                    .isEqualTo("CANCELLED");
            assertThat(cancelledEvent
                            .getProperty(Property.SUMMARY)
                            .orElseThrow()
                            .getValue())
                    .startsWith("Home visit");
        }
    }

    @Test
    void dispatchRespectsWorkingHoursAndBusyConsultantsThenTheDeviceAndTheRatingFinishIt() {
        var slots = publish(List.of(slot(MIRDIF, 10, 3, 0)));
        try (var citizen = fixture.client(fatima);
                var callCentre = fixture.client(fixture.tokensOf("mohre-call-centre", "call-centre-secret"))) {
            var request = citizen.submit(application());
            var visit = citizen.bookVisit(
                    request.number(), new NewVisit(slots.get(0).id(), HOME, "0501234567", null, null));
            // The call centre books for another citizen in the same slot.
            var forOmar = callCentre.submit(new NewServiceRequest(
                    fixture.homeService,
                    RequestsFixture.json("{\"contract_number\": \"MC-2\"}"),
                    null,
                    ChannelType.CALL_CENTRE,
                    "ar",
                    SandboxIdentity.OMAR.subject(),
                    false,
                    null));
            var omarsVisit = callCentre.bookVisit(
                    forOmar.number(),
                    new NewVisit(slots.get(0).id(), HOME, "0507654321", PriorityGroup.DETERMINATION, null));
            assertThat(omarsVisit.citizen()).isEqualTo(SandboxIdentity.OMAR.subject());

            assertThatThrownBy(() -> mohre.dispatch(visit.id(), "consultant-late", "van-7"))
                    .as("the evening shift does not work at 10:00")
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("does not work");
            var dispatched = mohre.dispatch(visit.id(), "consultant-aisha", "van-7");
            assertThat(dispatched.status()).isEqualTo(VisitStatus.DISPATCHED);
            assertThat(dispatched.consultant()).isEqualTo("consultant-aisha");
            assertThatThrownBy(() -> mohre.dispatch(omarsVisit.id(), "consultant-aisha", "van-7"))
                    .as("one consultant, one place at a time")
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("another visit");
            assertThatThrownBy(() -> mohre.updateVisit(visit.id(), VisitStatus.DONE, null))
                    .as("not yet on site")
                    .isInstanceOf(ConflictException.class);

            mohre.updateVisit(visit.id(), VisitStatus.EN_ROUTE, null);
            mohre.updateVisit(visit.id(), VisitStatus.ON_SITE, null);
            assertThatThrownBy(() -> citizen.rateVisit(visit.id(), new VisitRating(5, 5, null)))
                    .isInstanceOf(ConflictException.class);
            var done = mohre.updateVisit(visit.id(), VisitStatus.DONE, "contract attested");
            assertThat(done.history())
                    .extracting(e -> e.type())
                    .containsExactly(
                            "visit_booked", "visit_dispatched", "visit_en_route", "visit_on_site", "visit_done");

            var rated = citizen.rateVisit(visit.id(), new VisitRating(5, 4, "ممتاز"));
            assertThat(rated.visitRating()).isEqualTo(5);
            assertThat(rated.serviceRating()).isEqualTo(4);
            var rating = fixture.catalogue
                    .service()
                    .findByCode(HOME_SERVICE)
                    .orElseThrow()
                    .rating();
            assertThat(rating.verified())
                    .as("a verified rating in the catalogue")
                    .isGreaterThanOrEqualTo(1);

            var board = mohre.visits(day, null);
            assertThat(board.items()).extracting(v -> v.id()).contains(visit.id(), omarsVisit.id());
            var events = fixture.database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT type FROM events_outbox WHERE subject = :number ORDER BY created_at")
                    .bind("number", request.number())
                    .mapTo(String.class)
                    .list());
            assertThat(events)
                    .contains(
                            "visit.booked",
                            "visit.dispatched",
                            "visit.en_route",
                            "visit.on_site",
                            "visit.done",
                            "visit.rated");

            mohre.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));
            mohre.transition(request.number(), Transition.to(RequestStatus.APPROVED));
            mohre.complete(request.number(), new Completion(RequestsFixture.json("{}"), null, null));
            var today = LocalDate.now(DUBAI);
            try (var catalogue = CatalogueClient.builder()
                    .endpoint(fixture.server.uri())
                    .transport(fixture.transport)
                    .build()) {
                var byCallCentre = catalogue.transactionKpis(new KpiQuery(
                        KpiPeriod.DAY,
                        today,
                        today.plusDays(1),
                        List.of(KpiDimension.CHANNEL),
                        "mohre",
                        HOME_SERVICE,
                        ChannelType.CALL_CENTRE));
                assertThat(byCallCentre.items()).singleElement().satisfies(kpi -> {
                    assertThat(kpi.periodStart()).isEqualTo(today);
                    assertThat(kpi.channel()).isEqualTo(ChannelType.CALL_CENTRE);
                    assertThat(kpi.transactions()).isEqualTo(1);
                    assertThat(kpi.digitalShare()).isZero();
                });
                var all = catalogue.transactionKpis(
                        KpiQuery.monthly(today, today.plusDays(1)).forService(HOME_SERVICE));
                assertThat(all.total().completed()).isEqualTo(1);
                assertThat(all.total().slaCompliance()).isEqualTo(1.0);
                assertThat(all.total().verifiedRatings())
                        .as("the visit's service rating")
                        .isEqualTo(1);
                assertThat(all.total().averageRating()).isEqualTo(4.0);

                var centres = catalogue.serviceCentreKpis(today, today.plusDays(1), "mohre");
                assertThat(centres.items())
                        .filteredOn(c -> c.centre().equals(MIRDIF.code()))
                        .singleElement()
                        .satisfies(centre -> {
                            assertThat(centre.visits()).isEqualTo(1);
                            assertThat(centre.onTimeShare()).isEqualTo(1.0);
                            assertThat(centre.averageRating()).isEqualTo(5.0);
                            assertThat(centre.stars()).isEqualTo(7);
                        });
            }

            try (var omarsClient = fixture.client(omar)) {
                assertThatThrownBy(() -> omarsClient.visit(visit.id()))
                        .as("another citizen's visit does not exist for them")
                        .isInstanceOf(io.khidma.core.problem.NotFoundException.class);
            }
        }
    }

    @Test
    void twoHundredConcurrentBookingsOnTwoReplicasFillFiftyPlacesExactly() throws Exception {
        var slot = publish(List.of(slot(BARSHA, 15, 50, 0))).get(0);
        var second = fixture.replica();
        var numbers = new ArrayList<String>();
        try (var citizen = fixture.client(fatima)) {
            for (int i = 0; i < 200; i++) {
                numbers.add(citizen.submit(application()).number());
            }
        }
        var clients = List.of(fixture.client(fatima), fixture.client(second, fatima));
        var pool = Executors.newFixedThreadPool(16);
        var booked = new AtomicInteger();
        var refusals = new ConcurrentLinkedQueue<String>();
        var unexpected = new ConcurrentLinkedQueue<Throwable>();
        var go = new CountDownLatch(1);
        try {
            for (int i = 0; i < numbers.size(); i++) {
                var client = clients.get(i % 2);
                var number = numbers.get(i);
                pool.submit(() -> {
                    try {
                        go.await();
                        client.bookVisit(number, new NewVisit(slot.id(), HOME, "0501234567", null, null));
                        booked.incrementAndGet();
                    } catch (ConflictException e) {
                        refusals.add(e.problem().code());
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            clients.forEach(RequestsClient::close);
        }
        assertThat(unexpected).isEmpty();
        assertThat(booked).hasValue(50);
        assertThat(refusals).hasSize(150).containsOnly("slot-full");
        var stored = fixture.database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT (SELECT booked FROM requests_slot WHERE id = :slot)
                             + 1000 * (SELECT count(*) FROM requests_visit WHERE slot_id = :slot AND status = 'BOOKED')
                        """)
                .bind("slot", slot.id())
                .mapTo(Integer.class)
                .one());
        assertThat(stored).as("the counter and the visits agree: 50 of each").isEqualTo(50 + 1000 * 50);
    }

    @Test
    void badCapacityIsRefusedWholeAndOnlyTheServicesAgencyPublishes() {
        assertThatThrownBy(() -> mohre.publishCapacity(
                        HOME_SERVICE,
                        new Capacity(
                                24,
                                List.of(),
                                List.of(slot(new Area("nowhere", "Dubai", Text.of("لا", "No")), 9, 1, 0)))))
                .isInstanceOf(io.khidma.core.problem.BadRequestException.class)
                .satisfies(e -> assertThat(((KhidmaException) e).problem().errors())
                        .extracting(f -> f.field())
                        .containsExactly("slots[0].area"));
        try (var rta = fixture.client(fixture.rta)) {
            assertThatThrownBy(() -> rta.publishCapacity(HOME_SERVICE, new Capacity(24, List.of(BARSHA), List.of())))
                    .isInstanceOf(io.khidma.core.problem.ForbiddenException.class);
        }
        var slot = publish(List.of(slot(BARSHA, 18, 2, 0))).get(0);
        try (var citizen = fixture.client(fatima)) {
            for (int i = 0; i < 2; i++) {
                citizen.bookVisit(
                        citizen.submit(application()).number(),
                        new NewVisit(slot.id(), HOME, "0501234567", null, null));
            }
        }
        assertThatThrownBy(() -> publish(List.of(slot(BARSHA, 18, 1, 0))))
                .as("a capacity below the bookings")
                .isInstanceOf(ConflictException.class);
        assertThat(mohre.slots(
                                HOME_SERVICE,
                                BARSHA.code(),
                                slot.startsAt(),
                                slot.startsAt().plusSeconds(1))
                        .items()
                        .get(0)
                        .capacity())
                .as("nothing changed")
                .isEqualTo(2);
    }

    // Helpers

    private List<Slot> publish(List<NewSlot> slots) {
        return mohre.publishCapacity(HOME_SERVICE, new Capacity(24, List.of(BARSHA, MIRDIF), slots)).items().stream()
                .filter(s -> slots.stream()
                        .anyMatch(n -> n.startsAt().equals(s.startsAt())
                                && n.area().equals(s.area().code())))
                .toList();
    }

    private NewSlot slot(Area area, int hour, int capacity, int priority) {
        var start = day.atTime(hour, 0).atZone(DUBAI).toInstant();
        return new NewSlot(area.code(), start, start.plus(Duration.ofHours(2)), capacity, priority);
    }

    private NewServiceRequest application() {
        return NewServiceRequest.of(fixture.homeService, RequestsFixture.json("{\"contract_number\": \"MC-1\"}"));
    }

    private static VEvent parse(String ics) throws Exception {
        var calendar = new CalendarBuilder().build(new StringReader(ics));
        return (VEvent) calendar.getComponent("VEVENT").orElseThrow();
    }

    /** CRLF line endings only, and every content line folded to at most 75 octets (RFC 5545 §3.1). */
    private static void assertRfc5545(String ics) {
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        var lines = ics.split("\r\n");
        for (var line : lines) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(lines).as("the long location is folded").anyMatch(line -> line.startsWith(" "));
    }

    private static String formatUtc(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
