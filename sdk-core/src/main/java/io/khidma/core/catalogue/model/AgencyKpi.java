package io.khidma.core.catalogue.model;

import java.util.List;

/**
 * Digital-service indicators of one agency, or of all ({@code agencyId} {@code *}).
 *
 * @param agencyId the agency
 * @param activeServices services now offered
 * @param fullyDigitalServices of those, the ones completed end to end without a visit
 * @param digitalShare fully digital / active, 0 to 1 (0 when there are none)
 * @param channels the channels the active services are offered through
 */
public record AgencyKpi(
        String agencyId,
        long activeServices,
        long fullyDigitalServices,
        double digitalShare,
        List<ChannelType> channels) {
    public AgencyKpi {
        channels = List.copyOf(channels);
    }
}
