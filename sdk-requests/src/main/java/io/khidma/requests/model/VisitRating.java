package io.khidma.requests.model;

/**
 * The citizen's rating of a done visit, on the consultant's tablet or later.
 *
 * @param visit the visit itself: the consultant, punctuality; 1 to 5
 * @param service the service; recorded in the catalogue as a verified rating; 1 to 5
 */
public record VisitRating(int visit, int service, String comment) {
    public VisitRating {
        if (visit < 1 || visit > 5 || service < 1 || service > 5) {
            throw new IllegalArgumentException("visit and service are rated 1 to 5");
        }
        if (comment != null && comment.length() > 1000) {
            throw new IllegalArgumentException("comment must be at most 1000 characters");
        }
    }
}
