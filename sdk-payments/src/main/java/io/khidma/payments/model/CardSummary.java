package io.khidma.payments.model;

/** What may be shown of the card that paid: its brand and last four digits. Nothing else is kept. */
public record CardSummary(String brand, String last4) {}
