package io.khidma.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a {@link Transport} can be told: identification, timeouts and resilience policies.
 * Immutable; change a copy through {@link #toBuilder()}.
 *
 * <pre>{@code
 * var options = TransportOptions.builder()
 *         .applicationId("rta-fines-portal")
 *         .readTimeout(Duration.ofSeconds(10))
 *         .retry(RetryOptions.builder().maxAttempts(5).build())
 *         .build();
 * }</pre>
 */
public final class TransportOptions {

    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final TransportOptions DEFAULTS = builder().build();

    private final String applicationId;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RetryOptions retry;
    private final CircuitBreakerOptions circuitBreaker;
    private final RateLimitOptions rateLimit;
    private final BulkheadOptions bulkhead;
    // Micrometer is optional for clients: this class names the type but never loads it unless set.
    private final MeterRegistry meters;
    // The same for OpenTelemetry: an Object here, an io.opentelemetry.api.OpenTelemetry when set.
    private final Object openTelemetry;

    private TransportOptions(Builder b) {
        this.applicationId = b.applicationId;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.retry = b.retry;
        this.circuitBreaker = b.circuitBreaker;
        this.rateLimit = b.rateLimit;
        this.bulkhead = b.bulkhead;
        this.meters = b.meters;
        this.openTelemetry = b.openTelemetry;
    }

    /**
     * 10 s to connect, 30 s to read, {@link RetryOptions#defaults()}, {@link
     * CircuitBreakerOptions#defaults()}, no rate limit, no bulkhead.
     */
    public static TransportOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .applicationId(applicationId)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .retry(retry)
                .circuitBreaker(circuitBreaker)
                .rateLimit(rateLimit)
                .bulkhead(bulkhead)
                .meters(meters)
                .tracing(openTelemetry);
    }

    /** Names the calling application in the {@code User-Agent}, so the service can tell callers apart. */
    public Optional<String> applicationId() {
        return Optional.ofNullable(applicationId);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for the response headers once the request is sent. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public RetryOptions retry() {
        return retry;
    }

    public CircuitBreakerOptions circuitBreaker() {
        return circuitBreaker;
    }

    public Optional<RateLimitOptions> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** Where the transport records its calls, if anywhere; see {@link Builder#meters}. */
    public Optional<MeterRegistry> meters() {
        return Optional.ofNullable(meters);
    }

    /** The OpenTelemetry the transport traces with, if any; see {@link Builder#tracing}. */
    public Optional<Object> tracing() {
        return Optional.ofNullable(openTelemetry);
    }

    public Optional<BulkheadOptions> bulkhead() {
        return Optional.ofNullable(bulkhead);
    }

    public static final class Builder {
        private String applicationId;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private RetryOptions retry = RetryOptions.defaults();
        private CircuitBreakerOptions circuitBreaker = CircuitBreakerOptions.defaults();
        private RateLimitOptions rateLimit;
        private BulkheadOptions bulkhead;
        private MeterRegistry meters;
        private Object openTelemetry;

        private Builder() {}

        /** Letters, digits, {@code . _ -}; at most 40 characters. {@code null} removes it. */
        public Builder applicationId(String applicationId) {
            if (applicationId != null && !APPLICATION_ID.matcher(applicationId).matches()) {
                throw new IllegalArgumentException(
                        "applicationId must be 1-40 letters, digits, '.', '_' or '-', was '" + applicationId + "'");
            }
            this.applicationId = applicationId;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.positive(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Durations.positive(readTimeout, "readTimeout");
            return this;
        }

        public Builder retry(RetryOptions retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerOptions circuitBreaker) {
            this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            return this;
        }

        /** A client-side rate limit, or {@code null} for none. */
        public Builder rateLimit(RateLimitOptions rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** A bulkhead, or {@code null} for none. */
        public Builder bulkhead(BulkheadOptions bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        /**
         * Records the transport's calls in a Micrometer registry (Micrometer must then be on the
         * class path), or {@code null} for none, the default. In Prometheus' names: {@code
         * khidma_client_requests_seconds{service, method, status}} per call, retries included
         * ({@code status} is the final status code, or {@code IO_ERROR}, {@code CIRCUIT_OPEN},
         * {@code REJECTED} when none came back); {@code khidma_client_retries_total{service}}; and
         * {@code khidma_client_circuit_state{service, state}}, 1 for the state each service's
         * circuit breaker is in. A service is the {@code host:port} the calls go to.
         */
        public Builder meters(MeterRegistry meters) {
            this.meters = meters;
            return this;
        }

        /**
         * Traces every attempt as an OpenTelemetry client span, child of the span in progress,
         * and sends its context as a W3C {@code traceparent}, so the server's spans join the
         * caller's trace; {@code null} for none, the default. {@code openTelemetry} is an {@code
         * io.opentelemetry.api.OpenTelemetry} (the API must then be on the class path); typed
         * {@code Object} so that clients without tracing never load it.
         */
        public Builder tracing(Object openTelemetry) {
            this.openTelemetry = openTelemetry;
            return this;
        }

        public TransportOptions build() {
            return new TransportOptions(this);
        }
    }
}
