package io.khidma.examples.sandbox;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.json.KhidmaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The sandbox's demo catalogue, read from {@code catalogue.json} beside this class: the agencies of
 * the source documents and representative services with sample fees.
 */
public record SandboxCatalogue(List<Agency> agencies, List<PublicService> services) {

    public static SandboxCatalogue load() {
        try (var in = SandboxCatalogue.class.getResourceAsStream("catalogue.json")) {
            return KhidmaJson.mapper().readValue(in, SandboxCatalogue.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox catalogue", e);
        }
    }

    /** Adds what is missing; services an agency changed or added since are left as they are. */
    public void seed(CatalogueService catalogue) {
        agencies.forEach(catalogue::saveAgency);
        services.forEach(catalogue::importService);
    }
}
