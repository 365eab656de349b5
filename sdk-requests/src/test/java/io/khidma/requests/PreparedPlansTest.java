package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.testing.PreparedPlans;
import io.khidma.requests.model.NewJourneyApplication;
import org.junit.jupiter.api.Test;

/**
 * The statements a busy server runs most are planned once, not on every call: after a load of
 * journey applications (catalogue look-ups, a payment, six requests with their events), inbox
 * pages of one agency and of a one-stop centre's several, and a citizen's own requests, no
 * statement of it was planned for its values on every run (see {@link PreparedPlans}). The inbox
 * was, at twice the cost of its query, when it bound its agencies as an array.
 */
class PreparedPlansTest {

    @Test
    void noStatementOfTheLoadIsPlannedOnEveryCall() throws Exception {
        try (var fixture = new RequestsFixture();
                var citizen = fixture.client(fixture.citizen(SandboxIdentity.FATIMA));
                var mohre = fixture.client(fixture.mohre);
                var oneStop = fixture.client(fixture.oneStop)) {
            for (int i = 0; i < 15; i++) {
                citizen.apply(
                        NewJourneyApplication.of("START-BUSINESS", json(JourneyTest.APPLICATION), JourneyTest.CONSENT));
                mohre.inboxPage(InboxQuery.all().withPageSize(5), null);
                oneStop.inboxPage(InboxQuery.all().withPageSize(5), null);
                assertThat(citizen.mine(RequestQuery.all().withPageSize(5)).stream())
                        .isNotEmpty();
            }

            assertThat(PreparedPlans.plannedOnEveryCall(fixture.database)).isEmpty();
        }
    }
}
