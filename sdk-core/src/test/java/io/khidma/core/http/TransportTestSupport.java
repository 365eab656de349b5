package io.khidma.core.http;

import io.khidma.core.server.KhidmaServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts one real server kit with a {@link ScriptedResource} per test class. */
abstract class TransportTestSupport {

    static ScriptedResource scripted;
    static KhidmaServer server;

    @BeforeAll
    static void startServer() {
        scripted = new ScriptedResource();
        server = KhidmaServer.builder().port(0).register(scripted).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetScript() {
        scripted.reset();
    }

    static URI scriptedUri() {
        return server.uri().resolve("/scripted");
    }

    /** Fast retries so tests stay quick; everything else default. */
    static TransportOptions.Builder fastRetries() {
        return TransportOptions.builder()
                .retry(RetryOptions.builder()
                        .initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(50))
                        .build())
                .circuitBreaker(CircuitBreakerOptions.disabled());
    }
}
