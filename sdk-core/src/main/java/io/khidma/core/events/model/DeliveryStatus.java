package io.khidma.core.events.model;

/** {@code PENDING} until the endpoint answers 2xx ({@code SUCCEEDED}) or the retries run out ({@code FAILED}). */
public enum DeliveryStatus {
    PENDING,
    SUCCEEDED,
    FAILED
}
