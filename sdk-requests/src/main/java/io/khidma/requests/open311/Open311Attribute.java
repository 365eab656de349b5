package io.khidma.requests.open311;

import java.util.List;

/** A form field as an Open311 attribute. */
public record Open311Attribute(
        boolean variable,
        String code,
        String datatype,
        boolean required,
        String datatypeDescription,
        int order,
        String description,
        List<Value> values) {

    /** A choice of a list attribute. */
    public record Value(String key, String name) {}
}
