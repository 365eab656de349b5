package io.khidma.requests.open311;

/** The answer to a submitted request: its number, and a notice (e.g. fees to pay). */
public record Open311Created(String serviceRequestId, String serviceNotice, String accountId) {}
