package io.khidma.requests.open311;

import java.util.List;

/** {@code services/{code}.json}: the service's form fields as attributes. */
public record Open311ServiceDefinition(String serviceCode, List<Open311Attribute> attributes) {}
