package io.khidma.core.server;

import java.util.Map;

/**
 * The body of {@code /health} and {@code /health/ready}.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param checks each dependency checked and its status
 */
public record Health(String status, Map<String, String> checks) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public Health {
        checks = Map.copyOf(checks);
    }
}
