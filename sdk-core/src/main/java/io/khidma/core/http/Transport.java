package io.khidma.core.http;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.khidma.core.problem.CircuitOpenException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.TransportException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.jnh.connector.JavaNetHttpClientProperties;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ApiRequest}s over one Jersey client (JDK {@code HttpClient} connector) through the
 * request pipeline every Khidma client shares:
 *
 * <ol>
 *   <li>{@code User-Agent}: {@code [<application id> ]khidma-java/<version> (<java>; <os>)};
 *   <li>{@code X-Request-Id}: one per call, the same on every retry;
 *   <li>{@code Idempotency-Key}: added to every {@code POST} unless the call opts out, the same
 *       on every retry;
 *   <li>retry (Resilience4j), for idempotent methods and keyed calls only, obeying {@code
 *       Retry-After} up to a cap;
 *   <li>circuit breaker per host ({@code host:port}), then the optional rate limiter and bulkhead;
 *   <li>authentication: the call's {@link io.khidma.core.identity.TokenProvider}, asked per attempt;
 *   <li>logging through SLF4J at {@code DEBUG} (headers at {@code TRACE}), credentials redacted;
 *   <li>send, with the response body read in full.
 * </ol>
 *
 * <p>A 4xx or 5xx answer, once retries are spent, is thrown as the {@link KhidmaException} subclass
 * for its status. A {@code Transport} is thread-safe and heavy (it owns the HTTP client): share one
 * per application and {@link #close()} it when done.
 */
public final class Transport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final TransportOptions options;
    private final Client client;
    private final String userAgent;
    private final Clock clock;
    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;

    private Transport(TransportOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.userAgent = UserAgent.of(options.applicationId().orElse(null));
        // The JDK connector (jersey-jnh-connector 3.1) does not hand CONNECT_TIMEOUT to the
        // HttpClient it builds; its per-request timeout bounds the whole wait for the response
        // headers, connecting included. So that deadline is connect + read timeout.
        int deadlineMillis = Math.toIntExact(
                options.connectTimeout().plus(options.readTimeout()).toMillis());
        this.client = ClientBuilder.newClient(new ClientConfig()
                .connectorProvider(new JavaNetHttpConnectorProvider())
                .property(
                        ClientProperties.CONNECT_TIMEOUT,
                        Math.toIntExact(options.connectTimeout().toMillis()))
                .property(ClientProperties.READ_TIMEOUT, deadlineMillis)
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                .property(JavaNetHttpClientProperties.DISABLE_COOKIES, true));
        this.retry = Retry.of("khidma", retryConfig(options.retry()));
        this.breakers = options.circuitBreaker().enabled()
                ? CircuitBreakerRegistry.of(circuitBreakerConfig(options.circuitBreaker()))
                : null;
        this.rateLimiter = options.rateLimit()
                .map(r -> RateLimiter.of(
                        "khidma",
                        RateLimiterConfig.custom()
                                .limitForPeriod(r.permitsPerPeriod())
                                .limitRefreshPeriod(r.period())
                                .timeoutDuration(r.maxWait())
                                .build()))
                .orElse(null);
        this.bulkhead = options.bulkhead()
                .map(b -> Bulkhead.of(
                        "khidma",
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(b.maxConcurrentCalls())
                                .maxWaitDuration(b.maxWait())
                                .build()))
                .orElse(null);
    }

    /** A transport with {@link TransportOptions#defaults()}. */
    public static Transport create() {
        return create(TransportOptions.defaults());
    }

    public static Transport create(TransportOptions options) {
        return new Transport(options, Clock.systemUTC());
    }

    public TransportOptions options() {
        return options;
    }

    /** The {@code User-Agent} this transport sends. */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Sends the call, retrying as the options allow, and returns a 1xx-3xx response.
     *
     * @throws KhidmaException the subclass for the status of a 4xx/5xx response
     * @throws TransportException when no response was received (or the circuit is open)
     */
    public ApiResponse send(ApiRequest request) {
        var response = execute(request);
        if (response.status() >= 400) {
            throw KhidmaException.forResponse(
                    ErrorResponses.problemOf(response), response.requestId(), retryAfter(response));
        }
        return response;
    }

    /**
     * Sends the call through the same pipeline as {@link #send(ApiRequest)} but returns the final
     * response whatever its status, for protocol clients that read error bodies themselves (an
     * OAuth token endpoint answers {@code 400 {"error":"invalid_grant"}}).
     *
     * @throws TransportException when no response was received (or the circuit is open)
     */
    public ApiResponse execute(ApiRequest request) {
        var requestId = UUID.randomUUID().toString();
        var idempotencyKey = request.idempotencyKey()
                .orElse(
                        "POST".equals(request.method()) && !request.idempotencyKeyDisabled()
                                ? UUID.randomUUID().toString()
                                : null);
        var attempts = new AtomicInteger();
        Supplier<ApiResponse> call = () -> exchange(request, requestId, idempotencyKey, attempts.incrementAndGet());
        if (bulkhead != null) {
            call = Bulkhead.decorateSupplier(bulkhead, call);
        }
        if (rateLimiter != null) {
            call = RateLimiter.decorateSupplier(rateLimiter, call);
        }
        if (breakers != null) {
            call = CircuitBreaker.decorateSupplier(breakers.circuitBreaker(hostOf(request.uri())), call);
        }
        if (IDEMPOTENT_METHODS.contains(request.method()) || idempotencyKey != null) {
            call = Retry.decorateSupplier(retry, call);
        }
        try {
            return call.get();
        } catch (CallNotPermittedException e) {
            throw new CircuitOpenException(
                    "not sent: the circuit breaker for " + hostOf(request.uri())
                            + " is open after repeated failures; calls fail fast until it lets a trial call through",
                    requestId,
                    e);
        } catch (BulkheadFullException e) {
            throw new TransportException(
                    "not sent: more than " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                            + " calls already in flight (bulkhead)",
                    requestId,
                    e);
        } catch (RequestNotPermitted e) {
            throw new TransportException("not sent: client-side rate limit reached", requestId, e);
        }
    }

    /** Closes the underlying HTTP client. */
    @Override
    public void close() {
        client.close();
    }

    private ApiResponse exchange(ApiRequest request, String requestId, String idempotencyKey, int attempt) {
        var invocation = client.target(request.uri()).request();
        request.headers().forEach((name, values) -> values.forEach(value -> invocation.header(name, value)));
        invocation.header("User-Agent", userAgent);
        invocation.header("X-Request-Id", requestId);
        if (idempotencyKey != null) {
            invocation.header("Idempotency-Key", idempotencyKey);
        }
        request.authorization().ifPresent(value -> invocation.header("Authorization", value));
        request.credentials()
                .ifPresent(tokens -> invocation.header(
                        "Authorization", "Bearer " + tokens.token().value()));

        var method = request.method();
        // Only what is logged pays for redaction; the hot path stays free of it.
        var debug = LOG.isDebugEnabled();
        var target = debug ? Redaction.uri(request.uri()) : null;
        if (debug) {
            LOG.debug("{} {} attempt {} request {}", method, target, attempt, requestId);
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("request headers {}", Redaction.headers(request.headers()));
        }
        long started = System.nanoTime();
        try {
            var body = request.bodyBytes();
            try (Response response = body == null
                    ? invocation.method(method)
                    : invocation.method(
                            method, Entity.entity(body, request.contentType().orElseThrow()))) {
                byte[] content = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
                var headers = response.getStringHeaders();
                var echoedId = response.getHeaderString("X-Request-Id");
                var result = new ApiResponse(
                        response.getStatus(), headers, content, echoedId == null ? requestId : echoedId);
                if (debug) {
                    LOG.debug(
                            "{} {} attempt {} -> {} in {} ms",
                            method,
                            target,
                            attempt,
                            result.status(),
                            (System.nanoTime() - started) / 1_000_000);
                    LOG.trace("response headers {}", Redaction.headers(result.headers()));
                }
                return result;
            }
        } catch (ProcessingException e) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            var reason = e.getCause() instanceof HttpTimeoutException
                    ? "timed out after " + elapsed + " ms"
                    : "failed after " + elapsed + " ms: " + describe(e);
            var redacted = Redaction.uri(request.uri());
            LOG.debug("{} {} attempt {} {}", method, redacted, attempt, reason);
            throw new TransportException(method + " " + redacted + " " + reason, requestId, e);
        }
    }

    private static String describe(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    private Duration retryAfter(ApiResponse response) {
        return response.header("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock))
                .orElse(null);
    }

    private RetryConfig retryConfig(RetryOptions retryOptions) {
        return RetryConfig.<ApiResponse>custom()
                .maxAttempts(retryOptions.maxAttempts())
                .retryOnResult(response -> retryOptions.retryStatuses().contains(response.status()))
                // Only failures to get any response: the client's own refusals (open circuit,
                // bulkhead, rate limit) are not retried.
                .retryOnException(e -> e instanceof TransportException)
                .intervalBiFunction((Integer attempt, Either<Throwable, ApiResponse> outcome) ->
                        waitBeforeRetry(retryOptions, attempt, outcome))
                .failAfterMaxAttempts(false)
                .build();
    }

    private long waitBeforeRetry(RetryOptions retryOptions, int attempt, Either<Throwable, ApiResponse> outcome) {
        if (outcome.isRight()) {
            var asked = retryAfter(outcome.get());
            if (asked != null) {
                return Math.min(asked.toMillis(), retryOptions.maxRetryAfter().toMillis());
            }
        }
        double exponential = retryOptions.initialBackoff().toMillis() * Math.pow(2, attempt - 1);
        long backoff = (long) Math.min(exponential, retryOptions.maxBackoff().toMillis());
        // "Equal jitter": half fixed, half random, so clients that failed together do not retry together.
        return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }

    private static CircuitBreakerConfig circuitBreakerConfig(CircuitBreakerOptions breaker) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                .recordException(e -> e instanceof TransportException)
                .recordResult(result -> result instanceof ApiResponse response && response.status() >= 500)
                .build();
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
