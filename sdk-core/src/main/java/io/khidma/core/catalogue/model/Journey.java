package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An integrated journey: services of several agencies a citizen applies for once, like starting
 * a business (trade name, initial approval, licence, establishment card, labour file). Each step is
 * one service; a step waits for the steps it depends on, and receives only the application fields
 * it declares. Defined by the platform (scope {@code catalogue:journeys}); the catalogue checks that
 * the steps form a graph without cycles of active services with application forms.
 *
 * @param code a stable code, e.g. {@code START-BUSINESS-DUBAI}
 * @param title the name, in Arabic and English
 * @param description what the citizen achieves, in Arabic and English
 * @param steps 1 to 20 steps, in any order; dependencies decide when each is released
 * @param lastModified set by the catalogue
 */
public record Journey(String code, Text title, Text description, List<JourneyStep> steps, Instant lastModified) {

    public Journey {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        if (!code.matches("[A-Z0-9-]{2,40}")) {
            throw new IllegalArgumentException("code must be 2-40 of A-Z, 0-9 and '-'");
        }
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > 20) {
            throw new IllegalArgumentException("steps must hold 1 to 20 steps");
        }
    }

    public Journey withLastModified(Instant modified) {
        return new Journey(code, title, description, steps, modified);
    }
}
