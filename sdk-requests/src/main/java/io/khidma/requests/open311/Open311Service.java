package io.khidma.requests.open311;

/** A service in {@code services.json}; {@code metadata} is true when it has attributes (form fields). */
public record Open311Service(
        String serviceCode,
        String serviceName,
        String description,
        boolean metadata,
        String type,
        String keywords,
        String group) {}
