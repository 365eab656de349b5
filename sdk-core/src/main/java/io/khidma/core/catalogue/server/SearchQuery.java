package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.Audience;
import io.khidma.core.catalogue.model.ChannelType;

/**
 * A catalogue search as the store runs it.
 *
 * @param tsquery the analysed query terms as a PostgreSQL tsquery, or {@code null} for no text
 * @param agency only this agency's services, or {@code null}
 * @param event only services of this event, or {@code null}
 * @param channel only services offered through this channel, or {@code null}
 * @param audience only services for this audience, or {@code null}
 * @param digital only fully digital (true) or not (false) services, or {@code null}
 * @param afterRank the rank of the last hit of the previous page
 * @param afterCode the code of the last hit of the previous page, or {@code null} for the first page
 */
record SearchQuery(
        String tsquery,
        String agency,
        String event,
        ChannelType channel,
        Audience audience,
        Boolean digital,
        Float afterRank,
        String afterCode) {}
