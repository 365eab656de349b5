package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TransportLimitsTest extends TransportTestSupport {

    @Test
    void theClientSideRateLimitRefusesCallsBeyondItsPermits() {
        var options = fastRetries()
                .rateLimit(new RateLimitOptions(2, Duration.ofMinutes(1), Duration.ZERO))
                .build();
        try (var transport = Transport.create(options)) {
            var request = ApiRequest.get(scriptedUri()).build();
            transport.send(request);
            transport.send(request);

            assertThatThrownBy(() -> transport.send(request))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("rate limit");
            assertThat(scripted.received()).as("the refused call was not sent").hasSize(2);
        }
    }

    @Test
    void theBulkheadRefusesCallsBeyondItsConcurrency() {
        scripted.then(status(200).after(Duration.ofSeconds(1)));
        var options =
                fastRetries().bulkhead(new BulkheadOptions(1, Duration.ZERO)).build();
        try (var transport = Transport.create(options)) {
            var request = ApiRequest.get(scriptedUri()).build();
            var slow = CompletableFuture.supplyAsync(() -> transport.send(request));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> scripted.received().size() == 1);

            assertThatThrownBy(() -> transport.send(request))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("bulkhead");
            assertThat(slow.join().status()).isEqualTo(200);
        }
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        var now = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999", now)).as("absurdly long").isEmpty();
    }
}
