package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.problem.CircuitOpenException;
import io.khidma.core.problem.ServerErrorException;
import io.khidma.core.problem.TransportException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportFailureTest extends TransportTestSupport {

    @Test
    void circuitOpensAfterRepeatedFailuresFailsFastAndClosesAfterTheWait() {
        var options = TransportOptions.builder()
                .retry(RetryOptions.none())
                .circuitBreaker(CircuitBreakerOptions.builder()
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .waitInOpenState(Duration.ofMillis(500))
                        .permittedCallsInHalfOpenState(1)
                        .build())
                .build();
        scripted.then(status(500), status(500), status(500), status(500));
        try (var transport = Transport.create(options)) {
            var request = ApiRequest.get(scriptedUri()).build();
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> transport.send(request)).isInstanceOf(ServerErrorException.class);
            }

            assertThatThrownBy(() -> transport.send(request))
                    .isInstanceOf(CircuitOpenException.class)
                    .hasMessageContaining("circuit breaker")
                    .hasMessageContaining(server.uri().getHost() + ":" + server.port());
            assertThat(scripted.received()).as("an open circuit sends nothing").hasSize(4);

            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreException(CircuitOpenException.class)
                    .until(() -> transport.send(request).status() == 200);
            assertThat(transport.send(request).status()).as("closed again").isEqualTo(200);
            assertThat(scripted.received()).hasSize(6);
        }
    }

    @Test
    void aSlowServerSurfacesAsATimeout() {
        scripted.then(status(200).after(Duration.ofSeconds(3)));
        var options = TransportOptions.builder()
                .connectTimeout(Duration.ofMillis(100))
                .readTimeout(Duration.ofMillis(300))
                .retry(RetryOptions.none())
                .build();
        try (var transport = Transport.create(options)) {
            long started = System.nanoTime();

            assertThatThrownBy(
                            () -> transport.send(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out")
                    .satisfies(
                            e -> assertThat(((TransportException) e).status()).isZero());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRefusedConnectionIsATransportExceptionAfterRetries() throws Exception {
        URI nowhere;
        try (var socket = new ServerSocket(0)) {
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/gone");
        }
        try (var transport = Transport.create(fastRetries().build())) {
            var request = ApiRequest.get(nowhere).build();

            assertThatThrownBy(() -> transport.send(request))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("GET " + nowhere)
                    .satisfies(e ->
                            assertThat(((TransportException) e).requestId()).isNotBlank());
        }
    }
}
