package io.khidma.spring.boot;

import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.Transport;
import java.net.URI;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The connection to Khidma, as Actuator's {@code khidma} health component: up when the server's
 * readiness ({@code GET /health/ready}) answers 200, down with the reason otherwise.
 */
public class KhidmaHealthIndicator implements HealthIndicator {

    private final Transport transport;
    private final URI readiness;

    public KhidmaHealthIndicator(Transport transport, URI endpoint) {
        this.transport = transport;
        this.readiness = KhidmaAutoConfiguration.resolve(endpoint, "health/ready");
    }

    @Override
    public Health health() {
        try {
            var response = transport.send(ApiRequest.get(readiness).build());
            return Health.up()
                    .withDetail("endpoint", readiness.toString())
                    .withDetail("status", response.status())
                    .build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("endpoint", readiness.toString())
                    .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}
