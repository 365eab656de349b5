package io.khidma.core.catalogue.model;

/** Who a service is for. */
public enum Audience {
    /** UAE nationals. */
    CITIZEN,
    /** Foreign residents. */
    RESIDENT,
    /** Tourists and other visitors. */
    VISITOR,
    /** Companies, establishments and their representatives. */
    BUSINESS
}
