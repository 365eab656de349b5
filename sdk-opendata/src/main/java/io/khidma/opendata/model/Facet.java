package io.khidma.opendata.model;

/** How many datasets of a search have one value of a facet: a publisher, theme, keyword or format. */
public record Facet(String value, long count) {}
