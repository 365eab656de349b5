package io.khidma.requests;

import static io.khidma.requests.RequestsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.problem.BadRequestException;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.KhidmaException;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.JourneyApplication;
import io.khidma.requests.model.NewJourneyApplication;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.TimelineEntry;
import io.khidma.requests.model.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starting a business: five agencies, one application, one payment, one timeline; each agency gets
 * only its fields, steps are released in dependency order, and a rejection stops what depends on it.
 */
class JourneyTest {

    static final String APPLICATION = """
            {"trade_name": "Al Noor Trading", "activity": "trading", "office_area": "120 m2",
             "owner_name": "Fatima Al Mansouri", "owner_phone": "+971500000001"}""";

    static final List<String> CONSENT = List.of("ded", "gdrfa", "mohre", "dm");

    static RequestsFixture fixture;
    static TokenProvider fatima;
    static Map<String, TokenProvider> agencies;

    @BeforeAll
    static void start() {
        fixture = new RequestsFixture();
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
        agencies = Map.of(
                "ded", fixture.tokensOf("ded-back-office", "ded-secret"),
                "gdrfa", fixture.tokensOf("gdrfa-back-office", "gdrfa-secret"),
                "mohre", fixture.mohre,
                "dm", fixture.tokensOf("dm-back-office", "dm-secret"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static JourneyApplication applyAndPay(RequestsClient citizen) {
        var application = citizen.apply(NewJourneyApplication.of("START-BUSINESS", json(APPLICATION), CONSENT));
        assertThat(application.payment().amount())
                .as("every submission fee in one basket")
                .isEqualTo(62_000 + 120_000 + 35_000);
        fixture.pay(application.payment().nextUrl());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !citizen.get(step(citizen.journeyApplication(application.number()), "name"))
                        .awaitingPayment());
        return citizen.journeyApplication(application.number());
    }

    static String step(JourneyApplication application, String key) {
        return application.steps().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow()
                .requestNumber();
    }

    static RequestStatus status(RequestsClient citizen, JourneyApplication application, String key) {
        return citizen.journeyApplication(application.number()).steps().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow()
                .status();
    }

    /** The agency reviews, approves and completes its step with these outputs. */
    static ServiceRequest deliver(RequestsClient agency, String number, String outputs) {
        agency.transition(number, Transition.to(RequestStatus.IN_REVIEW));
        agency.transition(number, Transition.to(RequestStatus.APPROVED));
        return agency.complete(number, new Completion(json(outputs), null, null));
    }

    @Test
    void eachAgencyReceivesOnlyItsFieldsAndStepsAreReleasedInDependencyOrder() {
        try (var citizen = fixture.client(fatima);
                var ded = fixture.client(agencies.get("ded"));
                var gdrfa = fixture.client(agencies.get("gdrfa"));
                var mohre = fixture.client(agencies.get("mohre"));
                var dm = fixture.client(agencies.get("dm"))) {
            var application = applyAndPay(citizen);
            assertThat(application.consent())
                    .extracting(JourneyApplication.Consent::agencyId)
                    .containsExactlyInAnyOrderElementsOf(CONSENT);
            assertThat(application.steps())
                    .extracting(JourneyApplication.Step::status)
                    .containsExactly(
                            RequestStatus.SUBMITTED,
                            RequestStatus.BLOCKED,
                            RequestStatus.BLOCKED,
                            RequestStatus.BLOCKED,
                            RequestStatus.BLOCKED);
            assertThat(application.number()).matches("J-\\d{4}-\\d{6}");
            assertThat(application.steps())
                    .allSatisfy(step -> assertThat(step.requestNumber())
                            .matches(step.agencyId().toUpperCase(Locale.ROOT) + "-\\d{4}-\\d{6}"))
                    .extracting(JourneyApplication.Step::requestNumber)
                    .doesNotHaveDuplicates();
            var dedSequence = application.steps().stream()
                    .filter(step -> step.agencyId().equals("ded"))
                    .map(step -> Long.parseLong(
                            step.requestNumber().substring(step.requestNumber().lastIndexOf('-') + 1)))
                    .toList();
            assertThat(dedSequence)
                    .as("DED's two steps, numbered in step order")
                    .hasSize(2);
            assertThat(dedSequence.get(1)).isEqualTo(dedSequence.get(0) + 1);

            var name = ded.get(step(application, "name"));
            assertThat(fieldsOf(name)).containsExactlyInAnyOrder("trade_name", "activity");
            assertThat(name.data().get("trade_name").asText()).isEqualTo("Al Noor Trading");
            assertThat(gdrfa.inbox(InboxQuery.all()).stream())
                    .as("GDRFA has nothing before its step is released")
                    .isEmpty();

            deliver(ded, name.number(), "{\"name_reservation\": \"TN-991\"}");
            var licence = ded.get(step(application, "licence"));
            assertThat(licence.status()).isEqualTo(RequestStatus.SUBMITTED);
            assertThat(fieldsOf(licence)).containsExactlyInAnyOrder("trade_name", "activity", "office_area");
            deliver(ded, licence.number(), "{\"licence_number\": \"DED-1234567\"}");

            var card = gdrfa.get(step(application, "card"));
            var labour = mohre.get(step(application, "labour"));
            assertThat(fieldsOf(card)).containsExactly("owner_name");
            assertThat(fieldsOf(labour)).containsExactlyInAnyOrder("owner_name", "owner_phone");
            assertThat(card.inputs().get("licence_number").asText()).isEqualTo("DED-1234567");
            assertThat(labour.inputs().get("licence_number").asText()).isEqualTo("DED-1234567");
            assertThat(status(citizen, application, "signboard")).isEqualTo(RequestStatus.BLOCKED);

            deliver(gdrfa, card.number(), "{\"establishment_card\": \"EC-55\"}");
            assertThat(status(citizen, application, "signboard"))
                    .as("waits for the labour file too")
                    .isEqualTo(RequestStatus.BLOCKED);
            deliver(mohre, labour.number(), "{\"labour_file\": \"LF-77\"}");

            var signboard = dm.get(step(application, "signboard"));
            assertThat(fieldsOf(signboard)).containsExactly("trade_name");
            assertThat(signboard.data().has("owner_phone"))
                    .as("data minimisation")
                    .isFalse();
            deliver(dm, signboard.number(), "{\"permit\": \"SB-1\"}");

            var done = citizen.journeyApplication(application.number());
            assertThat(done.status()).isEqualTo("COMPLETED");
            assertThat(done.timeline()).extracting(TimelineEntry::agencyId).contains("ded", "gdrfa", "mohre", "dm");
            assertThat(done.timeline()).extracting(TimelineEntry::type).contains("released", "paid", "completed");
            assertThat(done.timeline()).isSortedAccordingTo(java.util.Comparator.comparing(TimelineEntry::at));
        }
    }

    @Test
    void aRejectedStepStopsTheStepsThatDependOnItAndTheCitizenIsToldWhy() {
        try (var citizen = fixture.client(fatima);
                var ded = fixture.client(agencies.get("ded"))) {
            var application = applyAndPay(citizen);
            var name = step(application, "name");
            ded.transition(name, Transition.to(RequestStatus.IN_REVIEW));
            ded.transition(name, Transition.to(RequestStatus.REJECTED, "the name is taken"));

            var stopped = citizen.journeyApplication(application.number());
            assertThat(stopped.status()).isEqualTo("STOPPED");
            assertThat(stopped.steps())
                    .extracting(JourneyApplication.Step::status)
                    .containsExactly(
                            RequestStatus.REJECTED,
                            RequestStatus.CANCELLED,
                            RequestStatus.CANCELLED,
                            RequestStatus.CANCELLED,
                            RequestStatus.CANCELLED);
            var licence = citizen.get(step(application, "licence"));
            assertThat(licence.timeline()).last().satisfies(entry -> {
                assertThat(entry.type()).isEqualTo("stopped");
                assertThat(entry.note()).contains("name", "REJECTED");
            });
            try (var gdrfa = fixture.client(agencies.get("gdrfa"))) {
                assertThat(gdrfa.inbox(InboxQuery.all().withStatus(RequestStatus.CANCELLED)).stream())
                        .as("a step never released never reached its agency")
                        .noneMatch(r -> r.number().equals(step(application, "card")));
            }
        }
    }

    @Test
    void applyingWithoutEveryAgencysConsentOrWithBadDataIsRefusedAndNothingIsStored() {
        try (var citizen = fixture.client(fatima)) {
            var before = citizen.myJourneyApplications().stream().count();
            assertThatThrownBy(() -> citizen.apply(
                            NewJourneyApplication.of("START-BUSINESS", json(APPLICATION), List.of("ded", "gdrfa"))))
                    .isInstanceOfSatisfying(KhidmaException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.problem().errors()).singleElement().satisfies(error -> assertThat(error.detail())
                                .contains("dm", "mohre"));
                    });
            assertThatThrownBy(() -> citizen.apply(NewJourneyApplication.of(
                            "START-BUSINESS", json("{\"trade_name\": \"\", \"shoe_size\": 44}"), CONSENT)))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::field)
                            .contains("data.trade_name", "data.activity", "data.owner_name", "data.shoe_size"));
            assertThat(citizen.myJourneyApplications().stream().count()).isEqualTo(before);
        }
    }

    @Test
    void parallelStepsCompletingAtOnceOnTwoReplicasReleaseTheirDependantExactlyOnce() throws Exception {
        var second = fixture.replica();
        var pool = Executors.newFixedThreadPool(2);
        try (var citizen = fixture.client(fatima);
                var ded = fixture.client(agencies.get("ded"));
                var gdrfa = fixture.client(agencies.get("gdrfa"));
                var mohreOnSecond = fixture.client(second, agencies.get("mohre"))) {
            var applications = new ArrayList<JourneyApplication>();
            for (int i = 0; i < 5; i++) {
                var application = applyAndPay(citizen);
                deliver(ded, step(application, "name"), "{}");
                deliver(ded, step(application, "licence"), "{\"licence_number\": \"DED-" + i + "\"}");
                for (var key : List.of("card", "labour")) {
                    var agency = key.equals("card") ? gdrfa : mohreOnSecond;
                    agency.transition(step(application, key), Transition.to(RequestStatus.IN_REVIEW));
                    agency.transition(step(application, key), Transition.to(RequestStatus.APPROVED));
                }
                applications.add(application);
            }
            for (var application : applications) {
                var go = new CountDownLatch(1);
                var card = CompletableFuture.runAsync(
                        () -> {
                            awaitStart(go);
                            gdrfa.complete(step(application, "card"), new Completion(json("{}"), null, null));
                        },
                        pool);
                var labour = CompletableFuture.runAsync(
                        () -> {
                            awaitStart(go);
                            mohreOnSecond.complete(step(application, "labour"), new Completion(json("{}"), null, null));
                        },
                        pool);
                go.countDown();
                CompletableFuture.allOf(card, labour).join();

                var signboard = citizen.get(step(application, "signboard"));
                assertThat(signboard.status()).as("released, not lost").isEqualTo(RequestStatus.SUBMITTED);
                assertThat(signboard.timeline())
                        .filteredOn(e -> e.type().equals("released"))
                        .as("released once")
                        .hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitStart(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldsOf(ServiceRequest request) {
        var names = new ArrayList<String>();
        request.data().fieldNames().forEachRemaining(names::add);
        return names;
    }
}
