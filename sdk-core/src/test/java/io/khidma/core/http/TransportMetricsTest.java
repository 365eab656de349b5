package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.CircuitOpenException;
import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.ServiceUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportMetricsTest extends TransportTestSupport {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private String service() {
        return scriptedUri().getHost() + ":" + scriptedUri().getPort();
    }

    @Test
    void callsAreTimedByServiceMethodAndFinalStatusAndRetriesCounted() {
        scripted.then(status(503), status(200), status(404));
        try (var transport = Transport.create(fastRetries().meters(meters).build())) {
            transport.send(ApiRequest.get(scriptedUri()).build());
            assertThatThrownBy(
                            () -> transport.send(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(NotFoundException.class);
        }

        var ok = meters.find("khidma.client.requests")
                .tags("service", service(), "method", "GET", "status", "200")
                .timer();
        assertThat(ok).isNotNull();
        assertThat(ok.count()).isEqualTo(1);
        assertThat(meters.find("khidma.client.requests")
                        .tag("status", "404")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.find("khidma.client.retries")
                        .tag("service", service())
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theCircuitBreakersStateIsExportedAndFastFailuresAreCountedAsSuch() {
        var options = fastRetries()
                .retry(RetryOptions.builder().maxAttempts(1).build())
                .circuitBreaker(CircuitBreakerOptions.builder()
                        .slidingWindowSize(2)
                        .minimumNumberOfCalls(2)
                        .waitInOpenState(Duration.ofMinutes(1))
                        .build())
                .meters(meters)
                .build();
        scripted.then(status(503), status(503), status(200));
        try (var transport = Transport.create(options)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() ->
                                transport.send(ApiRequest.get(scriptedUri()).build()))
                        .isInstanceOf(ServiceUnavailableException.class);
            }
            assertThatThrownBy(
                            () -> transport.send(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(CircuitOpenException.class);
        }

        assertThat(state("open")).isEqualTo(1);
        assertThat(state("closed")).isZero();
        assertThat(meters.find("khidma.client.requests")
                        .tag("status", "CIRCUIT_OPEN")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(scripted.received()).hasSize(2);
    }

    private double state(String state) {
        return meters.find("khidma.client.circuit.state")
                .tags("service", service(), "state", state)
                .gauge()
                .value();
    }
}
