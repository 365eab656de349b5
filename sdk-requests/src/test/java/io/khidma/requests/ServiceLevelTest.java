package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.PDF;
import static io.khidma.requests.RequestsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.testing.ManualClock;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.SlaState;
import io.khidma.requests.model.TimelineEntry;
import io.khidma.requests.model.Transition;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service levels and payment expiry, on a clock the test moves. */
class ServiceLevelTest {

    static final ManualClock CLOCK = new ManualClock();
    static RequestsFixture fixture;
    static TokenProvider fatima;

    @BeforeAll
    static void start() {
        fixture = new RequestsFixture(CLOCK);
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aRequestIsOnTrackThenDueSoonThenBreachedAndTheInboxFiltersByIt() {
        try (var citizen = fixture.client(fatima);
                var agency = fixture.client(fixture.mohre)) {
            // Five days to decide a work permit.
            var request = citizen.submit(NewServiceRequest.of(
                    fixture.workPermit, json("{\"worker_name\": \"Ravi Kumar\", \"job_title\": \"Chef\"}")));
            assertThat(request.slaState()).isEqualTo(SlaState.ON_TRACK);
            assertThat(numbers(agency, SlaState.ON_TRACK)).contains(request.number());

            CLOCK.advance(Duration.ofDays(4));
            assertThat(citizen.get(request.number()).slaState()).isEqualTo(SlaState.DUE_SOON);
            assertThat(numbers(agency, SlaState.DUE_SOON)).contains(request.number());
            assertThat(numbers(agency, SlaState.ON_TRACK)).doesNotContain(request.number());

            CLOCK.advance(Duration.ofDays(1).plusMinutes(1));
            assertThat(citizen.get(request.number()).slaState()).isEqualTo(SlaState.BREACHED);
            assertThat(numbers(agency, SlaState.BREACHED)).contains(request.number());
        }
    }

    @Test
    void aPaymentThatExpiresCancelsTheRequestWaitingForIt() {
        try (var citizen = fixture.client(fatima)) {
            var insurance = citizen.upload(PDF, "application/pdf", null);
            var request = citizen.submit(NewServiceRequest.of(
                            fixture.plateRenewal, json("{\"plate_number\": \"C9\", \"emirate\": \"Dubai\"}"))
                    .withDocuments(new DocumentRef("insurance", insurance.id())));
            assertThat(request.awaitingPayment()).isTrue();

            CLOCK.advance(Duration.ofHours(2));
            // The payments sweeper may get there first on its own schedule; either way the request follows.
            fixture.payments.get(0).service().expireDue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> citizen.get(request.number()).status() == RequestStatus.CANCELLED);

            var cancelled = citizen.get(request.number());
            assertThat(cancelled.status()).isEqualTo(RequestStatus.CANCELLED);
            assertThat(cancelled.awaitingPayment()).isFalse();
            assertThat(cancelled.timeline())
                    .last()
                    .extracting(TimelineEntry::note)
                    .asString()
                    .contains("EXPIRED");
        }
    }

    @Test
    void theClockStopsWhileTheAgencyWaitsForTheCitizen() {
        try (var citizen = fixture.client(fatima);
                var agency = fixture.client(fixture.mohre)) {
            var request = citizen.submit(NewServiceRequest.of(
                    fixture.workPermit, json("{\"worker_name\": \"Ana Cruz\", \"job_title\": \"Nurse\"}")));
            var due = request.dueAt();
            agency.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));
            CLOCK.advance(Duration.ofDays(1));
            agency.requestInformation(request.number(), new InfoRequest("Attach the nursing licence", null, null));

            CLOCK.advance(Duration.ofDays(10));
            assertThat(citizen.get(request.number()).slaState())
                    .as("ten days waiting for the citizen do not count against the agency")
                    .isEqualTo(SlaState.ON_TRACK);
            assertThat(numbers(agency, SlaState.BREACHED)).doesNotContain(request.number());

            var answered = citizen.respond(request.number(), new InfoResponse(json("{}"), null, "attached"));
            assertThat(answered.dueAt()).isEqualTo(due.plus(Duration.ofDays(10)));
            assertThat(answered.slaState()).isEqualTo(SlaState.ON_TRACK);
        }
    }

    private static java.util.List<String> numbers(RequestsClient agency, SlaState state) {
        return agency.inbox(InboxQuery.all().withSla(state)).stream()
                .map(ServiceRequest::number)
                .toList();
    }
}
