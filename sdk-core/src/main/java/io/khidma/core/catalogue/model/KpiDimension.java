package io.khidma.core.catalogue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What transaction KPIs may be broken down by, besides the period. */
public enum KpiDimension {
    AGENCY,
    SERVICE,
    CHANNEL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static KpiDimension fromString(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
