package io.khidma.requests.model;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A booking: the slot, the place and a number to call.
 *
 * @param priorityGroup when the citizen belongs to one, the places held for it may be booked
 * @param language of the invitation and messages; the request's by default
 */
public record NewVisit(UUID slotId, Place place, String contactPhone, PriorityGroup priorityGroup, String language) {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ]{7,20}");

    public NewVisit {
        Objects.requireNonNull(slotId, "slot_id");
        Objects.requireNonNull(place, "place");
        if (contactPhone == null || !PHONE.matcher(contactPhone).matches()) {
            throw new IllegalArgumentException("contact_phone must be 7-20 digits, an optional + first");
        }
        if (language != null && !language.equals("ar") && !language.equals("en")) {
            throw new IllegalArgumentException("language must be ar or en");
        }
    }
}
