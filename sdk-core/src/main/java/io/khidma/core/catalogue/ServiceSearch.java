package io.khidma.core.catalogue;

import io.khidma.core.catalogue.model.Audience;
import io.khidma.core.catalogue.model.ChannelType;

/**
 * What to search the catalogue for; every part optional. Immutable, with {@code with…} copies.
 *
 * <pre>{@code
 * catalogue.search(ServiceSearch.text("تجديد رخصة").withChannel(ChannelType.KIOSK));
 * }</pre>
 */
public record ServiceSearch(
        String text,
        String agency,
        String event,
        ChannelType channel,
        Audience audience,
        Boolean digital,
        Integer pageSize) {

    public static ServiceSearch all() {
        return new ServiceSearch(null, null, null, null, null, null, null);
    }

    public static ServiceSearch text(String words) {
        return all().withText(words);
    }

    public ServiceSearch withText(String words) {
        return new ServiceSearch(words, agency, event, channel, audience, digital, pageSize);
    }

    public ServiceSearch withAgency(String agencyId) {
        return new ServiceSearch(text, agencyId, event, channel, audience, digital, pageSize);
    }

    public ServiceSearch withEvent(String eventId) {
        return new ServiceSearch(text, agency, eventId, channel, audience, digital, pageSize);
    }

    public ServiceSearch withChannel(ChannelType type) {
        return new ServiceSearch(text, agency, event, type, audience, digital, pageSize);
    }

    /** Only services for this audience: citizens, residents, visitors or businesses. */
    public ServiceSearch withAudience(Audience who) {
        return new ServiceSearch(text, agency, event, channel, who, digital, pageSize);
    }

    public ServiceSearch withDigital(Boolean fullyDigital) {
        return new ServiceSearch(text, agency, event, channel, audience, fullyDigital, pageSize);
    }

    /** Services per page fetched (1 to 100); iteration still walks every page. */
    public ServiceSearch withPageSize(int size) {
        return new ServiceSearch(text, agency, event, channel, audience, digital, size);
    }
}
