package io.khidma.opendata.model;

/** How often a dataset is updated (DCAT {@code dct:accrualPeriodicity}). */
public enum UpdateFrequency {
    DAILY,
    WEEKLY,
    MONTHLY,
    QUARTERLY,
    ANNUAL,
    IRREGULAR
}
