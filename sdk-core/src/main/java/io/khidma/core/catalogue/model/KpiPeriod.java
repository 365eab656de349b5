package io.khidma.core.catalogue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The period transaction KPIs are counted by: days, ISO weeks (from Monday) or calendar months. */
public enum KpiPeriod {
    DAY,
    WEEK,
    MONTH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static KpiPeriod fromString(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
