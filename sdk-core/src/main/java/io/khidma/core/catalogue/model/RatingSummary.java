package io.khidma.core.catalogue.model;

import java.util.List;

/**
 * How citizens rated a service.
 *
 * @param count how many ratings
 * @param average the mean number of stars, 0 when there are none
 * @param distribution how many ratings gave 1, 2, 3, 4 and 5 stars
 */
public record RatingSummary(long count, double average, List<Long> distribution) {

    public static final RatingSummary NONE = new RatingSummary(0, 0, List.of(0L, 0L, 0L, 0L, 0L));

    public RatingSummary {
        distribution = List.copyOf(distribution);
    }
}
