package io.khidma.examples.sandbox;

import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.Examples;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.Area;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.NewSlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's services that take applications, and its integrated journeys, read from {@code
 * requests.json} beside this class: starting a business in Dubai (six agencies) and hiring a
 * worker (work permit, contract and medical test, residence), with forms and sample fees; and
 * MOHRE's Tawseel (services brought home): districts, consultants, vehicles and a week of slots.
 */
public record SandboxRequests(List<PublicService> services, List<Journey> journeys, Tawseel tawseel) {

    public static final String START_BUSINESS = "START-BUSINESS-DUBAI";
    public static final String HIRE_A_WORKER = "HIRE-A-WORKER";
    public static final String TAWSEEL = "MOHRE-TAWSEEL-ATTEST";

    static final ZoneId DUBAI = ZoneId.of("Asia/Dubai");

    /**
     * A home-delivery service's capacity: slots start at {@code starts} (Dubai time) on each of the
     * next {@code days} days, {@code minutes} long, in every area.
     */
    public record Tawseel(
            String service,
            String agencyClient,
            int priorityHoldHours,
            List<Area> areas,
            List<FieldResource> resources,
            int days,
            List<LocalTime> starts,
            int minutes,
            int capacity,
            int priorityCapacity) {

        /** The slots of the week from tomorrow. */
        Capacity capacity(Clock clock) {
            var slots = new ArrayList<NewSlot>();
            var tomorrow = LocalDate.now(clock.withZone(DUBAI)).plusDays(1);
            for (int day = 0; day < days; day++) {
                for (var start : starts) {
                    var at = tomorrow.plusDays(day).atTime(start).atZone(DUBAI).toInstant();
                    for (var area : areas) {
                        slots.add(new NewSlot(
                                area.code(), at, at.plus(Duration.ofMinutes(minutes)), capacity, priorityCapacity));
                    }
                }
            }
            return new Capacity(priorityHoldHours, areas, slots);
        }
    }

    public static SandboxRequests load() {
        try (var in = SandboxRequests.class.getResourceAsStream("requests.json")) {
            return KhidmaJson.mapper().readValue(in, SandboxRequests.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's services with forms", e);
        }
    }

    /**
     * Adds what is missing and defines the journeys again as written here; the agencies are the
     * national catalogue's, seeded first.
     */
    public void seed(CatalogueService catalogue) {
        services.forEach(catalogue::importService);
        journeys.forEach(catalogue::importJourney);
    }

    /**
     * Publishes the Tawseel consultants, vehicles and the week's slots over HTTP, as the ministry's
     * back office would; slots already there keep their bookings.
     */
    public void publishTawseel(URI sandbox) {
        try (var tokens = Examples.agencyTokens(sandbox, tawseel.agencyClient());
                var ministry = RequestsClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            for (var resource : tawseel.resources()) {
                ministry.saveFieldResource(resource.id(), resource);
            }
            ministry.publishCapacity(tawseel.service(), tawseel.capacity(Clock.systemUTC()));
        }
    }
}
