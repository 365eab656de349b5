package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.http.ScriptedResource.Received;
import io.khidma.core.identity.AccessToken;
import io.khidma.core.problem.BadRequestException;
import io.khidma.core.problem.ServiceUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransportRetryTest extends TransportTestSupport {

    @Test
    void getIsRetriedOn503ThenSucceedsWithOneRequestId() {
        scripted.then(status(503), status(503), status(200));
        try (var transport = Transport.create(fastRetries().build())) {
            var response = transport.send(ApiRequest.get(scriptedUri()).build());

            assertThat(response.status()).isEqualTo(200);
            var received = scripted.received();
            assertThat(received).hasSize(3);
            assertThat(received).extracting(r -> r.header("X-Request-Id")).containsOnly(response.requestId());
        }
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheLastAnswerIsThrown() {
        scripted.then(status(503), status(503), status(503), status(200));
        try (var transport = Transport.create(fastRetries().build())) {
            assertThatThrownBy(
                            () -> transport.send(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(ServiceUnavailableException.class);
            assertThat(scripted.received()).hasSize(3);
        }
    }

    @Test
    void retryAfterIsObeyed() {
        scripted.then(status(503).withHeader("Retry-After", "1"), status(200));
        try (var transport = Transport.create(fastRetries().build())) {
            transport.send(ApiRequest.get(scriptedUri()).build());

            assertThat(gapBetweenAttempts()).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void retryAfterBeyondTheCapIsShortenedToTheCap() {
        scripted.then(status(429).withHeader("Retry-After", "120"), status(200));
        var options = fastRetries()
                .retry(fastRetries().build().retry().toBuilder()
                        .maxRetryAfter(Duration.ofMillis(300))
                        .build())
                .build();
        try (var transport = Transport.create(options)) {
            transport.send(ApiRequest.get(scriptedUri()).build());

            assertThat(gapBetweenAttempts()).isBetween(Duration.ofMillis(280), Duration.ofSeconds(5));
        }
    }

    @Test
    void postThatOptedOutOfTheIdempotencyKeyIsNeverRetried() {
        scripted.then(status(503), status(200));
        try (var transport = Transport.create(fastRetries().build())) {
            var request = ApiRequest.post(scriptedUri())
                    .json(new Greeting("مرحبا"))
                    .withoutIdempotencyKey()
                    .build();

            assertThatThrownBy(() -> transport.send(request)).isInstanceOf(ServiceUnavailableException.class);
            assertThat(scripted.received()).hasSize(1);
            assertThat(scripted.received().get(0).header("Idempotency-Key")).isNull();
        }
    }

    @Test
    void postWithAnIdempotencyKeyIsRetriedWithTheSameKeyAndRequestId() {
        scripted.then(status(503), status(502), status(201));
        try (var transport = Transport.create(fastRetries().build())) {
            var response = transport.send(
                    ApiRequest.post(scriptedUri()).json(new Greeting("hello")).build());

            assertThat(response.status()).isEqualTo(201);
            var received = scripted.received();
            assertThat(received).hasSize(3);
            assertThat(received.get(0).header("Idempotency-Key")).isNotBlank();
            assertThat(received)
                    .extracting(r -> r.header("Idempotency-Key"))
                    .containsOnly(received.get(0).header("Idempotency-Key"));
            assertThat(received).extracting(r -> r.header("X-Request-Id")).containsOnly(response.requestId());
            assertThat(received).extracting(Received::body).containsOnly("{\"text\":\"hello\"}");
        }
    }

    @Test
    void aCallerChosenIdempotencyKeyIsSentAsIs() {
        try (var transport = Transport.create(fastRetries().build())) {
            transport.send(ApiRequest.post(scriptedUri())
                    .json(new Greeting("x"))
                    .idempotencyKey("order-2026-0001")
                    .build());

            assertThat(scripted.received().get(0).header("Idempotency-Key")).isEqualTo("order-2026-0001");
        }
    }

    @Test
    void clientErrorsAreNotRetried() {
        scripted.then(status(400), status(200));
        try (var transport = Transport.create(fastRetries().build())) {
            assertThatThrownBy(
                            () -> transport.send(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(BadRequestException.class);
            assertThat(scripted.received()).hasSize(1);
        }
    }

    @Test
    void eachAttemptAsksTheTokenProviderAgain() {
        scripted.then(status(503), status(200));
        var issued = new AtomicInteger();
        try (var transport = Transport.create(fastRetries().build())) {
            transport.send(ApiRequest.get(scriptedUri())
                    .credentials(() -> AccessToken.of("token-" + issued.incrementAndGet()))
                    .build());

            assertThat(scripted.received())
                    .extracting(r -> r.header("Authorization"))
                    .containsExactly("Bearer token-1", "Bearer token-2");
        }
    }

    @Test
    void userAgentNamesTheSdkThePlatformAndTheApplication() {
        try (var transport =
                Transport.create(fastRetries().applicationId("rta-fines").build())) {
            transport.send(ApiRequest.get(scriptedUri()).build());

            assertThat(scripted.received().get(0).header("User-Agent"))
                    .matches("rta-fines khidma-java/\\S+ \\("
                            + System.getProperty("java.version").replace(".", "\\.") + "; .+\\)");
        }
    }

    private Duration gapBetweenAttempts() {
        var received = scripted.received();
        assertThat(received).hasSize(2);
        return Duration.between(received.get(0).at(), received.get(1).at());
    }

    record Greeting(String text) {}
}
