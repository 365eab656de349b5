package io.khidma.requests.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A consultant or a vehicle of an agency, with the hours it works in the agency's time zone.
 *
 * @param worksFrom {@code HH:mm}
 * @param worksUntil {@code HH:mm}, after {@code worksFrom}
 * @param workDays ISO days of the week, 1 (Monday) to 7 (Sunday); every day when empty
 */
public record FieldResource(
        String id, Kind kind, String name, String worksFrom, String worksUntil, List<Integer> workDays) {

    public enum Kind {
        CONSULTANT,
        VEHICLE
    }

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    public FieldResource {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters");
        }
        if (worksFrom == null || !TIME.matcher(worksFrom).matches()) {
            throw new IllegalArgumentException("works_from must be HH:mm");
        }
        if (worksUntil == null || !TIME.matcher(worksUntil).matches()) {
            throw new IllegalArgumentException("works_until must be HH:mm");
        }
        if (worksUntil.compareTo(worksFrom) <= 0) {
            throw new IllegalArgumentException("works_until must be after works_from");
        }
        workDays = workDays == null || workDays.isEmpty() ? List.of(1, 2, 3, 4, 5, 6, 7) : List.copyOf(workDays);
        if (workDays.stream().anyMatch(d -> d == null || d < 1 || d > 7)) {
            throw new IllegalArgumentException("work_days must be 1 (Monday) to 7 (Sunday)");
        }
    }

    public FieldResource withId(String newId) {
        return new FieldResource(newId, kind, name, worksFrom, worksUntil, workDays);
    }
}
