package io.khidma.requests.model;

import java.util.Objects;

/** Who goes: a consultant and a vehicle of the agency, by id. */
public record Dispatch(String consultant, String vehicle) {
    public Dispatch {
        Objects.requireNonNull(consultant, "consultant");
        Objects.requireNonNull(vehicle, "vehicle");
    }
}
