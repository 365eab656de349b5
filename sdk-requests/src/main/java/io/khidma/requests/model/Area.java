package io.khidma.requests.model;

import io.khidma.core.text.Text;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an agency brings a service home, or one of its service centres: an emirate's district.
 *
 * @param code the agency's code of the area, e.g. {@code dubai-al-barsha}
 * @param emirate e.g. {@code Dubai}
 * @param district the district's name in Arabic and English
 */
public record Area(String code, String emirate, Text district) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    public Area {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be 1-48 lower-case letters, digits and hyphens");
        }
        if (emirate == null || emirate.isBlank() || emirate.length() > 64) {
            throw new IllegalArgumentException("emirate must be 1-64 characters");
        }
        Objects.requireNonNull(district, "district");
    }
}
