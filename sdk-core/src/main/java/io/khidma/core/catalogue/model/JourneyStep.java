package io.khidma.core.catalogue.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a {@link Journey}: a service of one agency.
 *
 * @param key the step's name within the journey, e.g. {@code licence}
 * @param serviceCode the catalogue code of the service, e.g. {@code DED-LICENCE-ISSUE}
 * @param dependsOn the keys of the steps that must complete before this one is released
 * @param fields the fields of the shared application this step's agency receives, and nothing
 *     else: each is a field of the service's form
 * @param inputs fields of the service's form filled from outputs of earlier steps: field name to
 *     {@code <step>.<output>}, e.g. {@code licence_number → licence.licence_number}; the step must
 *     depend on that step
 */
public record JourneyStep(
        String key, String serviceCode, List<String> dependsOn, List<String> fields, Map<String, String> inputs) {

    public JourneyStep {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(serviceCode, "service_code");
        if (!key.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("key must be 1-40 of a-z, 0-9 and '-'");
        }
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        fields = fields == null ? List.of() : List.copyOf(fields);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
