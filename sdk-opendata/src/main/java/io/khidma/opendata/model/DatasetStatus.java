package io.khidma.opendata.model;

/** A draft is seen only by its publisher; a published dataset by everyone. */
public enum DatasetStatus {
    DRAFT,
    PUBLISHED
}
