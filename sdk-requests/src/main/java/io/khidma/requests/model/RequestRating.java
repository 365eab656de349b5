package io.khidma.requests.model;

/** The citizen's rating of a completed request: 1 to 5 stars and a comment. */
public record RequestRating(int stars, String comment) {

    public RequestRating {
        if (stars < 1 || stars > 5) {
            throw new IllegalArgumentException("stars must be 1 to 5");
        }
        if (comment != null && comment.length() > 1000) {
            throw new IllegalArgumentException("comment must be at most 1000 characters");
        }
    }
}
