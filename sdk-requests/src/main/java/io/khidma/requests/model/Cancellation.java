package io.khidma.requests.model;

/** The citizen withdrawing their own request before a decision, with an optional reason. */
public record Cancellation(String reason) {

    public Cancellation {
        if (reason != null && reason.length() > 2000) {
            throw new IllegalArgumentException("reason must be at most 2000 characters");
        }
    }
}
