package io.khidma.core.catalogue.model;

import java.util.Objects;

/**
 * A citizen's rating of a service, like the tablet rating after a Tawseel visit.
 *
 * @param stars 1 to 5
 * @param channel the channel the citizen used
 * @param comment optional, at most 1,000 characters
 */
public record Rating(int stars, ChannelType channel, String comment) {

    public Rating {
        if (stars < 1 || stars > 5) {
            throw new IllegalArgumentException("stars must be 1 to 5");
        }
        Objects.requireNonNull(channel, "channel");
        if (comment != null && comment.length() > 1000) {
            throw new IllegalArgumentException("comment must be at most 1000 characters");
        }
    }
}
