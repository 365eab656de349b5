package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.util.Objects;

/**
 * A public organisation (CPSV-AP {@code cv:PublicOrganisation}).
 *
 * @param id e.g. {@code rta}
 * @param name in Arabic and English
 * @param level federal or local government
 * @param emirate the emirate of a local agency, e.g. {@code Dubai}
 */
public record Agency(String id, Text name, Level level, String emirate) {

    public enum Level {
        FEDERAL,
        LOCAL
    }

    public Agency {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
    }

    public Agency inLanguage(String language) {
        return new Agency(
                id, "ar".equals(language) ? new Text(name.ar(), null) : new Text(null, name.en()), level, emirate);
    }
}
