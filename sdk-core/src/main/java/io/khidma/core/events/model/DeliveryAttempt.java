package io.khidma.core.events.model;

import java.time.Instant;

/** One try to deliver an event: the endpoint's status code, or the error when there was no answer. */
public record DeliveryAttempt(int number, Instant at, Integer responseStatus, String error, long durationMillis) {}
