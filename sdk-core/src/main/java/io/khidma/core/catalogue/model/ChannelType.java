package io.khidma.core.catalogue.model;

/** How a citizen reaches a service; {@link #HOME_DELIVERY} is the Tawseel model (a consultant comes home). */
public enum ChannelType {
    WEB,
    MOBILE_APP,
    SERVICE_CENTRE,
    CALL_CENTRE,
    KIOSK,
    HOME_DELIVERY
}
