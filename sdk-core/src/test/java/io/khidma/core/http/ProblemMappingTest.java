package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.khidma.core.problem.BadRequestException;
import io.khidma.core.problem.ConflictException;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.PreconditionFailedException;
import io.khidma.core.problem.RateLimitedException;
import io.khidma.core.problem.ServerErrorException;
import io.khidma.core.problem.ServiceUnavailableException;
import io.khidma.core.problem.UnauthorizedException;
import io.khidma.core.problem.ValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProblemMappingTest extends TransportTestSupport {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, BadRequestException.class),
                Arguments.of(401, UnauthorizedException.class),
                Arguments.of(403, ForbiddenException.class),
                Arguments.of(404, NotFoundException.class),
                Arguments.of(409, ConflictException.class),
                Arguments.of(412, PreconditionFailedException.class),
                Arguments.of(422, ValidationException.class),
                Arguments.of(428, PreconditionFailedException.class),
                Arguments.of(429, RateLimitedException.class),
                Arguments.of(500, ServerErrorException.class),
                Arguments.of(503, ServiceUnavailableException.class),
                Arguments.of(418, KhidmaException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("statuses")
    void eachProblemStatusMapsToItsExceptionWithEveryField(int status, Class<? extends KhidmaException> type) {
        var body = """
                {"type":"https://khidma.io/problems/example-%1$d","title":"Example %1$d","status":%1$d,
                 "detail":"the detail of %1$d","instance":"/scripted","code":"example-%1$d",
                 "errors":[{"field":"line_items[0].quantity","code":"too-small","detail":"must be at least 1"}],
                 "some_future_member":true}
                """.formatted(status);
        scripted.then(status(status).withBody("application/problem+json", body));
        try (var transport = Transport.create(
                TransportOptions.builder().retry(RetryOptions.none()).build())) {
            var thrown = catchThrowableOfType(
                    type, () -> transport.send(ApiRequest.get(scriptedUri()).build()));

            assertThat(thrown).isExactlyInstanceOf(type);
            assertThat(thrown.status()).isEqualTo(status);
            var sentId = scripted.received().get(0).header("X-Request-Id");
            assertThat(thrown.requestId()).isEqualTo(sentId);
            var problem = thrown.problem();
            assertThat(problem.type()).isEqualTo(URI.create("https://khidma.io/problems/example-" + status));
            assertThat(problem.title()).isEqualTo("Example " + status);
            assertThat(problem.detail()).isEqualTo("the detail of " + status);
            assertThat(problem.instance()).isEqualTo(URI.create("/scripted"));
            assertThat(problem.code()).isEqualTo("example-" + status);
            assertThat(problem.errors())
                    .containsExactly(new FieldError("line_items[0].quantity", "too-small", "must be at least 1"));
            assertThat(thrown).hasMessageContaining("the detail of " + status).hasMessageContaining(sentId);
        }
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        scripted.then(status(429).withHeader("Retry-After", "7"));
        try (var transport = Transport.create(
                TransportOptions.builder().retry(RetryOptions.none()).build())) {
            var thrown = catchThrowableOfType(
                    RateLimitedException.class,
                    () -> transport.send(ApiRequest.get(scriptedUri()).build()));

            assertThat(thrown.retryAfter()).contains(Duration.ofSeconds(7));
        }
    }

    @Test
    void aNonJsonErrorBodyStillGivesAUsefulException() {
        scripted.then(status(502).withBody("text/html", "<html><body>Bad gateway from the proxy</body></html>"));
        try (var transport = Transport.create(
                TransportOptions.builder().retry(RetryOptions.none()).build())) {
            var thrown = catchThrowableOfType(
                    ServerErrorException.class,
                    () -> transport.send(ApiRequest.get(scriptedUri()).build()));

            assertThat(thrown.status()).isEqualTo(502);
            assertThat(thrown.problem().code()).isEqualTo("http-502");
            assertThat(thrown.problem().detail()).contains("Bad gateway from the proxy");
            assertThat(thrown.requestId()).isNotBlank();
        }
    }

    @Test
    void aLongNonJsonBodyIsShortenedAndSaysSo() {
        scripted.then(status(500).withBody("text/plain", "x".repeat(5000)));
        try (var transport = Transport.create(
                TransportOptions.builder().retry(RetryOptions.none()).build())) {
            var thrown = catchThrowableOfType(
                    ServerErrorException.class,
                    () -> transport.send(ApiRequest.get(scriptedUri()).build()));

            assertThat(thrown.problem().detail())
                    .startsWith("response body (first 500 of 5000 characters): ")
                    .hasSize("response body (first 500 of 5000 characters): ".length() + 500);
        }
    }

    @Test
    void aJsonBodyThatIsNotAProblemFallsBackToTheStatus() {
        scripted.then(status(404).withBody("application/json", "{\"message\":\"nothing here\"}"));
        try (var transport = Transport.create(
                TransportOptions.builder().retry(RetryOptions.none()).build())) {
            var thrown = catchThrowableOfType(
                    NotFoundException.class,
                    () -> transport.send(ApiRequest.get(scriptedUri()).build()));

            assertThat(thrown.problem().code()).isEqualTo("not-found");
            assertThat(thrown.problem().detail()).contains("nothing here");
        }
    }
}
