package io.khidma.requests.model;

/**
 * Who works on a request: an officer's identifier in the agency, e.g. an employee number; absent
 * to claim it for the calling client itself.
 */
public record Assignment(String officer) {

    public Assignment {
        if (officer != null && !officer.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("officer must be 1-64 of letters, digits and . _ @ -");
        }
    }
}
