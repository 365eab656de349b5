package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One way to obtain a service (CPSV-AP {@code cv:Channel}).
 *
 * @param type the kind of channel
 * @param url the web page or app link, for {@code WEB} and {@code MOBILE_APP}
 * @param phone the number, for {@code CALL_CENTRE} (171) and {@code HOME_DELIVERY} bookings
 * @param address where, for {@code SERVICE_CENTRE} and {@code KIOSK}
 * @param openingHours e.g. {@code Sun-Thu 07:30-14:30}
 * @param processingTime how long the service takes on this channel
 */
public record Channel(
        ChannelType type, URI url, String phone, Text address, String openingHours, Duration processingTime) {

    public Channel {
        Objects.requireNonNull(type, "type");
    }

    public static Channel of(ChannelType type) {
        return new Channel(type, null, null, null, null, null);
    }
}
