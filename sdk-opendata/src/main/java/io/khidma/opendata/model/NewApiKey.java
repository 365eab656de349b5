package io.khidma.opendata.model;

import java.util.Objects;

/** A request for an API key: a name that says what it is for, e.g. {@code "transport dashboard"}. */
public record NewApiKey(String name) {

    public NewApiKey {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("name must be 1 to 100 characters");
        }
    }
}
