package io.khidma.examples.sandbox;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.json.KhidmaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The sandbox's services that take applications, and its integrated journeys, read from {@code
 * requests.json} beside this class: starting a business in Dubai (six agencies) and hiring a
 * worker (work permit, contract and medical test, residence), with forms and sample fees.
 */
public record SandboxRequests(List<Agency> agencies, List<PublicService> services, List<Journey> journeys) {

    public static final String START_BUSINESS = "START-BUSINESS-DUBAI";
    public static final String HIRE_A_WORKER = "HIRE-A-WORKER";

    public static SandboxRequests load() {
        try (var in = SandboxRequests.class.getResourceAsStream("requests.json")) {
            return KhidmaJson.mapper().readValue(in, SandboxRequests.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's services with forms", e);
        }
    }

    /** Adds what is missing and defines the journeys again as written here. */
    public void seed(CatalogueService catalogue) {
        agencies.forEach(catalogue::saveAgency);
        services.forEach(catalogue::importService);
        journeys.forEach(catalogue::importJourney);
    }
}
