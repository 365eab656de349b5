package io.khidma.core.catalogue.model;

import java.util.List;

/**
 * How citizens rated a service.
 *
 * @param count how many ratings
 * @param average the mean number of stars, 0 when there are none
 * @param distribution how many ratings gave 1, 2, 3, 4 and 5 stars
 * @param verified how many of the ratings were given for a request the citizen made and the agency
 *     completed, rather than by anyone signed in
 */
public record RatingSummary(long count, double average, List<Long> distribution, long verified) {

    public static final RatingSummary NONE = new RatingSummary(0, 0, List.of(0L, 0L, 0L, 0L, 0L), 0);

    public RatingSummary {
        distribution = List.copyOf(distribution);
    }
}
