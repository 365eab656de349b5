package io.khidma.core.catalogue.model;

/** Whether a service is offered; a withdrawn service stays readable for history and links. */
public enum ServiceStatus {
    ACTIVE,
    WITHDRAWN
}
