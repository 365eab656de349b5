package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.PDF;
import static io.khidma.requests.RequestsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.problem.BadRequestException;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.NotFoundException;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestRating;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.TimelineEntry;
import io.khidma.requests.model.Transition;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One service request from application to rating, and everything refused on the way. */
class RequestFlowTest {

    static RequestsFixture fixture;
    static TokenProvider fatima;
    static TokenProvider omar;

    @BeforeAll
    static void start() {
        fixture = new RequestsFixture();
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
        omar = fixture.citizen(SandboxIdentity.OMAR);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ServiceRequest applyForPlate(RequestsClient citizen) {
        var insurance = citizen.upload(PDF, "application/pdf", "insurance.pdf");
        return citizen.submit(NewServiceRequest.of(
                        fixture.plateRenewal, json("{\"plate_number\": \"A12345\", \"emirate\": \"Dubai\"}"))
                .withDocuments(new DocumentRef("insurance", insurance.id())));
    }

    @Test
    void aCitizenAppliesPaysAndFollowsTheRequestToCompletionThenRatesIt() {
        try (var citizen = fixture.client(fatima);
                var agency = fixture.client(fixture.rta)) {
            var submitted = applyForPlate(citizen);

            assertThat(submitted.number()).matches("RTA-20\\d\\d-\\d{6}");
            assertThat(submitted.status()).isEqualTo(RequestStatus.SUBMITTED);
            assertThat(submitted.awaitingPayment()).isTrue();
            assertThat(submitted.payment().amount()).isEqualTo(40_000);
            assertThat(submitted.dueAt())
                    .isAfter(submitted.submittedAt().plus(Duration.ofDays(2)).minusSeconds(1));
            assertThatThrownBy(() -> agency.transition(submitted.number(), Transition.to(RequestStatus.IN_REVIEW)))
                    .as("not reviewed before the fees are paid")
                    .isInstanceOf(KhidmaException.class)
                    .satisfies(e -> assertThat(((KhidmaException) e).status()).isEqualTo(409));

            fixture.pay(submitted.payment().nextUrl());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !citizen.get(submitted.number()).awaitingPayment());

            var number = submitted.number();
            assertThat(agency.inbox(InboxQuery.all()).stream())
                    .extracting(ServiceRequest::number)
                    .contains(number);
            agency.assign(number, "officer-17");
            agency.transition(number, Transition.to(RequestStatus.IN_REVIEW));
            agency.requestInformation(number, new InfoRequest("أرفق عدد السنوات", java.util.List.of("years"), null));
            assertThat(citizen.get(number).status()).isEqualTo(RequestStatus.INFO_REQUESTED);
            citizen.respond(number, new InfoResponse(json("{\"years\": 2}"), null, "سنتان"));
            agency.transition(number, Transition.to(RequestStatus.IN_REVIEW));
            agency.transition(number, Transition.to(RequestStatus.APPROVED, "all in order"));
            var permit = agency.uploadFor(SandboxIdentity.FATIMA.subject(), PDF, "application/pdf", "plate.pdf");
            var completed = agency.complete(
                    number,
                    new Completion(
                            json("{\"plate_expiry\": \"2028-11-30\"}"),
                            java.util.List.of(new DocumentRef("plate-card", permit.id())),
                            null));
            assertThat(completed.status()).isEqualTo(RequestStatus.COMPLETED);

            var rated = citizen.rate(number, new RequestRating(5, "سريع وممتاز"));
            assertThat(rated.rating()).isEqualTo(5);
            var service = fixture.catalogue.service().find(fixture.plateRenewal).orElseThrow();
            assertThat(service.rating().verified()).isEqualTo(1);
            assertThat(citizen.download(permit.id())).isEqualTo(PDF);

            var read = citizen.get(number);
            assertThat(read.data().get("years").asInt()).isEqualTo(2);
            assertThat(read.outputs().get("plate_expiry").asText()).isEqualTo("2028-11-30");
            assertThat(read.assignedTo()).isEqualTo("officer-17");
            assertThat(read.timeline())
                    .extracting(TimelineEntry::type)
                    .containsSubsequence(
                            "submitted",
                            "payment_due",
                            "paid",
                            "assigned",
                            "in_review",
                            "info_requested",
                            "info_provided",
                            "in_review",
                            "approved",
                            "completed",
                            "rated");
            assertThat(read.timeline().get(0).summary())
                    .as("in the citizen's language")
                    .isEqualTo("قُدّم الطلب");
        }
    }

    @Test
    void aBadApplicationIsRefusedWithEveryFieldErrorInTheCallersLanguageAndNothingIsStored() {
        try (var citizen = fixture.client(omar)) {
            var before = citizen.mine(RequestQuery.all()).stream().count();
            var bad = NewServiceRequest.of(
                    fixture.plateRenewal,
                    json("{\"plate_number\": \"not a plate\", \"emirate\": \"Atlantis\", \"colour\": \"red\"}"));

            assertThatThrownBy(() -> citizen.submit(bad.withLanguage("en")))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::field)
                            .contains("data.plate_number", "data.emirate", "data"));
            try (var arabic = io.khidma.requests.RequestsClient.builder()
                    .endpoint(fixture.server.uri())
                    .credentials(omar)
                    .options(io.khidma.core.http.TransportOptions.builder().build())
                    .build()) {
                assertThatThrownBy(() -> arabic.submit(bad))
                        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                        e.problem().errors())
                                .filteredOn(error -> error.field().equals("data.emirate"))
                                .singleElement()
                                .satisfies(error -> assertThat(error.detail()).startsWith("الإمارة")));
            }
            assertThatThrownBy(() -> citizen.submit(NewServiceRequest.of(
                            fixture.plateRenewal, json("{\"plate_number\": \"A1\", \"emirate\": \"Dubai\"}"))))
                    .as("the insurance certificate is required")
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::field)
                            .containsExactly("documents"));
            assertThat(citizen.mine(RequestQuery.all()).stream().count()).isEqualTo(before);
        }
    }

    @Test
    void illegalTransitionsAreRefusedWith409AndARejectionNeedsItsReason() {
        try (var citizen = fixture.client(fatima);
                var agency = fixture.client(fixture.mohre)) {
            var request = citizen.submit(NewServiceRequest.of(
                    fixture.workPermit, json("{\"worker_name\": \"Ravi Kumar\", \"job_title\": \"Chef\"}")));
            assertThat(request.awaitingPayment()).as("no fee at submission").isFalse();

            assertThatThrownBy(() -> agency.transition(request.number(), Transition.to(RequestStatus.APPROVED)))
                    .isInstanceOfSatisfying(KhidmaException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.problem().code()).isEqualTo("illegal-transition");
                    });
            agency.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));
            assertThatThrownBy(() -> agency.transition(request.number(), Transition.to(RequestStatus.REJECTED)))
                    .isInstanceOf(BadRequestException.class);
            agency.transition(
                    request.number(), Transition.to(RequestStatus.REJECTED, "the job title needs a certificate"));
            assertThatThrownBy(() -> citizen.cancel(request.number(), "changed my mind"))
                    .as("decided: too late to cancel")
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(409));
            assertThatThrownBy(() -> citizen.rate(request.number(), new RequestRating(1, null)))
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(409));
        }
    }

    @Test
    void eachCallerSeesOnlyWhatIsTheirs() {
        try (var asFatima = fixture.client(fatima);
                var asOmar = fixture.client(omar);
                var asRta = fixture.client(fixture.rta);
                var asMohre = fixture.client(fixture.mohre);
                var oneStop = fixture.client(fixture.oneStop)) {
            var plate = applyForPlate(asFatima);
            var permit = asFatima.submit(NewServiceRequest.of(
                    fixture.workPermit, json("{\"worker_name\": \"Ana Cruz\", \"job_title\": \"Nurse\"}")));

            assertThatThrownBy(() -> asOmar.get(plate.number())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> asMohre.get(plate.number())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> asMohre.transition(plate.number(), Transition.to(RequestStatus.IN_REVIEW)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(asMohre.inbox(InboxQuery.all()).stream())
                    .extracting(ServiceRequest::agencyId)
                    .containsOnly("mohre");
            assertThat(asRta.inbox(InboxQuery.all()).stream())
                    .extracting(ServiceRequest::agencyId)
                    .containsOnly("rta");
            assertThatThrownBy(() -> asRta.inbox(InboxQuery.all().withAgency("mohre")).stream()
                            .count())
                    .isInstanceOf(ForbiddenException.class);

            assertThat(oneStop.inbox(InboxQuery.all()).stream())
                    .extracting(ServiceRequest::number)
                    .contains(plate.number(), permit.number());
            assertThat(oneStop.inbox(InboxQuery.all().withAgency("mohre")).stream())
                    .extracting(ServiceRequest::agencyId)
                    .containsOnly("mohre");
            // Both agencies' requests in one order, soonest due first, page after page.
            var paged = oneStop.inbox(InboxQuery.all().withPageSize(1)).stream().toList();
            assertThat(paged)
                    .extracting(ServiceRequest::number)
                    .containsExactlyElementsOf(oneStop.inbox(InboxQuery.all()).stream()
                            .map(ServiceRequest::number)
                            .toList())
                    .contains(plate.number(), permit.number());
            assertThat(paged).extracting(ServiceRequest::agencyId).contains("mohre", "rta");
            assertThat(paged).extracting(ServiceRequest::dueAt).isSorted();
            oneStop.transition(permit.number(), Transition.to(RequestStatus.IN_REVIEW, "at the Tasheel counter"));
            assertThat(asFatima.get(permit.number()).status()).isEqualTo(RequestStatus.IN_REVIEW);
            assertThatThrownBy(() -> asOmar.mine(RequestQuery.all()).stream()
                            .filter(r -> r.number().equals(plate.number()))
                            .findAny()
                            .orElseThrow())
                    .isInstanceOf(java.util.NoSuchElementException.class);
        }
    }

    @Test
    void anAgentAtAKioskAppliesForACitizenAndTheChannelIsRecorded() {
        try (var kiosk = fixture.client(fixture.kiosk);
                var citizen = fixture.client(omar)) {
            var scan = kiosk.uploadFor(SandboxIdentity.OMAR.subject(), PDF, "application/pdf", null);
            var request = kiosk.submit(NewServiceRequest.of(
                            fixture.plateRenewal, json("{\"plate_number\": \"B777\", \"emirate\": \"Sharjah\"}"))
                    .withDocuments(new DocumentRef("insurance", scan.id()))
                    .withChannel(io.khidma.core.catalogue.model.ChannelType.KIOSK)
                    .forCitizen(SandboxIdentity.OMAR.subject()));

            assertThat(request.citizen()).isEqualTo(SandboxIdentity.OMAR.subject());
            assertThat(citizen.get(request.number()).channel())
                    .isEqualTo(io.khidma.core.catalogue.model.ChannelType.KIOSK);
            assertThatThrownBy(() -> kiosk.submit(NewServiceRequest.of(fixture.workPermit, json("{}"))))
                    .as("an agent names the citizen")
                    .isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void aDocumentIsRecognisedByItsContentNotItsName() {
        try (var citizen = fixture.client(fatima)) {
            var png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
            var stored = citizen.upload(png, "image/png", "photo.png");
            assertThat(stored.mediaType()).isEqualTo("image/png");
            assertThat(stored.sha256()).hasSize(64);
            assertThatThrownBy(() -> citizen.upload("MZ not a pdf".getBytes(), "application/pdf", "virus.pdf"))
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(415));
            assertThatThrownBy(() -> citizen.upload(png, "application/pdf", "lies.pdf"))
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(415));
            var tooLarge = new byte[10 * 1024 * 1024 + 1];
            System.arraycopy(PDF, 0, tooLarge, 0, PDF.length);
            assertThatThrownBy(() -> citizen.upload(tooLarge, "application/pdf", "big.pdf"))
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(413));
            try (var other = fixture.client(omar)) {
                assertThatThrownBy(() -> other.download(stored.id())).isInstanceOf(NotFoundException.class);
            }
        }
    }

    @Test
    void aDraftIsKeptUncheckedThenCheckedWhenSubmitted() {
        try (var citizen = fixture.client(fatima)) {
            var draft = citizen.submit(NewServiceRequest.of(fixture.workPermit, json("{\"worker_name\": \"Ana\"}"))
                    .asDraft());
            assertThat(draft.status()).isEqualTo(RequestStatus.DRAFT);
            assertThat(draft.dueAt()).as("no service level runs for a draft").isNull();

            assertThatThrownBy(() -> citizen.submitDraft(draft.number()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::field)
                            .containsExactly("data.job_title"));
            assertThat(citizen.get(draft.number()).status()).isEqualTo(RequestStatus.DRAFT);
            try (var agency = fixture.client(fixture.mohre)) {
                assertThatThrownBy(() -> agency.get(draft.number()))
                        .as("a draft has not reached the agency")
                        .isInstanceOf(NotFoundException.class);
            }
        }
    }

    @Test
    void anOversizedApplicationIsRefusedWhole() {
        try (var citizen = fixture.client(omar)) {
            var before = citizen.mine(RequestQuery.all()).stream().count();
            var huge = "x".repeat(2 * 1024 * 1024);
            assertThatThrownBy(() -> citizen.submit(NewServiceRequest.of(
                            fixture.workPermit, json("{\"worker_name\": \"" + huge + "\", \"job_title\": \"Chef\"}"))))
                    .isInstanceOfSatisfying(
                            KhidmaException.class, e -> assertThat(e.status()).isEqualTo(413));
            assertThatThrownBy(() -> citizen.submit(NewServiceRequest.of(
                            fixture.workPermit,
                            json("{\"worker_name\": \"" + "y".repeat(500) + "\", \"job_title\": \"Chef\"}"))))
                    .as("longer than the form allows")
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .singleElement()
                            .satisfies(error -> assertThat(error.code()).isEqualTo("too-long")));
            assertThat(citizen.mine(RequestQuery.all()).stream().count()).isEqualTo(before);
        }
    }

    @Test
    void aDraftOfAServiceWithFeesGetsItsPaymentWhenSubmittedAndMovesOnWhenPaid() {
        try (var citizen = fixture.client(omar)) {
            var insurance = citizen.upload(PDF, "application/pdf", "insurance.pdf");
            var draft = citizen.submit(NewServiceRequest.of(
                            fixture.plateRenewal, json("{\"plate_number\": \"D42\", \"emirate\": \"Dubai\"}"))
                    .withDocuments(new DocumentRef("insurance", insurance.id()))
                    .asDraft());
            assertThat(draft.payment()).as("nothing to pay for a draft").isNull();

            var submitted = citizen.submitDraft(draft.number());
            assertThat(submitted.awaitingPayment()).isTrue();
            assertThat(submitted.payment().amount()).isEqualTo(40_000);

            fixture.pay(submitted.payment().nextUrl());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !citizen.get(draft.number()).awaitingPayment());
        }
    }
}
