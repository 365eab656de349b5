package io.khidma.opendata.model;

import java.util.Objects;

/** Whom to ask about a dataset (DCAT {@code dcat:contactPoint}). */
public record ContactPoint(String name, String email) {

    public ContactPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (!email.matches("[^@\\s]{1,64}@[^@\\s]{1,190}")) {
            throw new IllegalArgumentException("email is not an e-mail address");
        }
    }
}
