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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ApiRequest}s over one JDK {@code HttpClient} through the request pipeline every
 * Khidma client shares:
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
 *   <li>send, with the response body read in full, or handed over unread by {@link
 *       #stream(ApiRequest)}; a request body from a file or stream is sent as it is read.
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
    private final HttpClient http;
    private final Duration deadline;
    private final String userAgent;
    private final Clock clock;
    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final TransportMetrics metrics;
    private final TransportTracing tracing;

    private Transport(TransportOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.userAgent = UserAgent.of(options.applicationId().orElse(null));
        // The JDK's client: HTTP/1.1 (what Khidma's server speaks; no h2c upgrade to ignore), no
        // redirects followed, no cookies kept. A request's timeout bounds the wait for the response
        // headers; connecting is bounded on its own as well.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.deadline = options.connectTimeout().plus(options.readTimeout());
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
        // No method references here: linking one loads its class, and with it Micrometer or
        // OpenTelemetry, which a client without metrics or tracing does not have.
        this.metrics = options.meters().isPresent()
                ? new TransportMetrics(options.meters().get())
                : null;
        this.tracing = options.tracing().isPresent()
                ? new TransportTracing(options.tracing().get())
                : null;
        if (metrics != null && breakers != null) {
            breakers.getEventPublisher().onEntryAdded(added -> metrics.watch(added.getAddedEntry()));
        }
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
        return execute(request, false);
    }

    /**
     * Sends the call through the same pipeline as {@link #send(ApiRequest)} and hands back a
     * successful response with its body unread, to be read as it arrives, e.g. a download written
     * to disk in constant memory. Retries happen only before a body is handed over; an error
     * response is read in full and thrown as usual.
     *
     * @throws KhidmaException the subclass for the status of a 4xx/5xx response
     * @throws TransportException when no response was received (or the circuit is open)
     */
    public StreamedResponse stream(ApiRequest request) {
        var response = execute(request, true);
        if (response.status() >= 400) {
            throw KhidmaException.forResponse(
                    ErrorResponses.problemOf(response), response.requestId(), retryAfter(response));
        }
        return new StreamedResponse(
                response.status(),
                response.headers(),
                new IdleTimeoutStream(response.openBody(), options.readTimeout()),
                response.requestId());
    }

    private ApiResponse execute(ApiRequest request, boolean streamBody) {
        if (metrics == null) {
            return call(request, streamBody);
        }
        long started = System.nanoTime();
        var status = "IO_ERROR";
        try {
            var response = call(request, streamBody);
            status = String.valueOf(response.status());
            return response;
        } catch (CircuitOpenException e) {
            status = "CIRCUIT_OPEN";
            throw e;
        } catch (TransportException e) {
            if (e.getCause() instanceof BulkheadFullException || e.getCause() instanceof RequestNotPermitted) {
                status = "REJECTED";
            }
            throw e;
        } finally {
            metrics.called(hostOf(request.uri()), request.method(), status, System.nanoTime() - started);
        }
    }

    private ApiResponse call(ApiRequest request, boolean streamBody) {
        var requestId = UUID.randomUUID().toString();
        var idempotencyKey = request.idempotencyKey()
                .orElse(
                        "POST".equals(request.method()) && !request.idempotencyKeyDisabled()
                                ? UUID.randomUUID().toString()
                                : null);
        var attempts = new AtomicInteger();
        Supplier<ApiResponse> call =
                () -> exchange(request, requestId, idempotencyKey, attempts.incrementAndGet(), streamBody);
        if (bulkhead != null) {
            call = Bulkhead.decorateSupplier(bulkhead, call);
        }
        if (rateLimiter != null) {
            call = RateLimiter.decorateSupplier(rateLimiter, call);
        }
        if (breakers != null) {
            call = CircuitBreaker.decorateSupplier(breakers.circuitBreaker(hostOf(request.uri())), call);
        }
        if (request.replayable() && (IDEMPOTENT_METHODS.contains(request.method()) || idempotencyKey != null)) {
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

    /**
     * Stops the underlying HTTP client at once, failing calls still in flight. On Java 21 and later
     * that is {@code HttpClient.shutdownNow()} ({@code close()} would wait for every call, a stalled
     * upload included); on Java 17, which has neither, the client stops once unreachable.
     */
    @Override
    public void close() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (NoSuchMethodException onJava17) {
            // Nothing to call: the client's threads end when it is collected.
        } catch (ReflectiveOperationException e) {
            LOG.debug("stopping the HTTP client failed", e);
        }
    }

    private ApiResponse exchange(
            ApiRequest request, String requestId, String idempotencyKey, int attempt, boolean streamBody) {
        if (attempt > 1 && metrics != null) {
            metrics.retried(hostOf(request.uri()));
        }
        var headers = outgoingHeaders(request, requestId, idempotencyKey);
        var span = tracing == null ? null : tracing.start(request, attempt, headers);
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
        ApiResponse result;
        try {
            result = request.bodyStream().isPresent()
                    ? sendStreamedBody(request, headers, requestId, attempt, started)
                    : sendDirect(request, headers, requestId, attempt, started, streamBody);
        } catch (RuntimeException e) {
            if (span != null) {
                tracing.failed(span, e);
            }
            throw e;
        }
        if (span != null) {
            tracing.answered(span, result.status());
        }
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

    /** Every header the call sends: the caller's, then the transport's own. */
    private Map<String, List<String>> outgoingHeaders(ApiRequest request, String requestId, String idempotencyKey) {
        var headers = new LinkedHashMap<String, List<String>>(request.headers());
        headers.put("User-Agent", List.of(userAgent));
        headers.put("X-Request-Id", List.of(requestId));
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", List.of(idempotencyKey));
        }
        request.authorization().ifPresent(value -> headers.put("Authorization", List.of(value)));
        request.credentials()
                .ifPresent(tokens -> headers.put(
                        "Authorization", List.of("Bearer " + tokens.token().value())));
        return headers;
    }

    /**
     * Sends a call whose body, if any, is in memory, on the transport's {@link HttpClient}. The body
     * of the answer is read in full, except a successful answer's when {@code streamBody}: that one
     * is left open for the caller to read and close. The request's timeout is connect plus read
     * timeout. (Through Jersey's client pipeline, a target, an invocation, filters and entity
     * providers per call, this cost about a fifth of a small call more.)
     */
    private ApiResponse sendDirect(
            ApiRequest request,
            Map<String, List<String>> headers,
            String requestId,
            int attempt,
            long started,
            boolean streamBody) {
        var body = request.bodyBytes();
        var builder = HttpRequest.newBuilder(request.uri())
                .timeout(deadline)
                .method(
                        request.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        if (body != null) {
            builder.header("Content-Type", request.contentType().orElseThrow());
        }
        if (!streamBody) {
            // Collected into one array of the body's size, not read through a 16 KB scratch buffer.
            var response = exchange(
                    request, builder.build(), HttpResponse.BodyHandlers.ofByteArray(), attempt, started, requestId);
            return new ApiResponse(
                    response.statusCode(),
                    response.headers().map(),
                    response.body(),
                    response.headers().firstValue("X-Request-Id").orElse(requestId));
        }
        var response = exchange(
                request, builder.build(), HttpResponse.BodyHandlers.ofInputStream(), attempt, started, requestId);
        var id = response.headers().firstValue("X-Request-Id").orElse(requestId);
        if (response.statusCode() < 400) {
            return ApiResponse.streaming(
                    response.statusCode(), response.headers().map(), response.body(), id);
        }
        try (var content = response.body()) {
            return new ApiResponse(response.statusCode(), response.headers().map(), content.readAllBytes(), id);
        } catch (IOException e) {
            throw failed(request, attempt, started, requestId, e);
        }
    }

    private <T> HttpResponse<T> exchange(
            ApiRequest request,
            HttpRequest built,
            HttpResponse.BodyHandler<T> handler,
            int attempt,
            long started,
            String requestId) {
        try {
            return http.send(built, handler);
        } catch (IOException e) {
            throw failed(request, attempt, started, requestId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(request, attempt, started, requestId, e);
        }
    }

    /**
     * Sends a body read from a file or stream as it goes. Jersey's JDK connector would buffer the
     * whole entity first, so this goes straight to the connector's own {@link HttpClient}. The read
     * timeout bounds silence, not the whole upload: the call fails when no byte has been taken for
     * that long, or when the answer takes that long after the last byte.
     */
    private ApiResponse sendStreamedBody(
            ApiRequest request, Map<String, List<String>> headers, String requestId, int attempt, long started) {
        var source = request.bodyStream().orElseThrow();
        var activity = new AtomicLong(System.nanoTime());
        Supplier<InputStream> open = () -> {
            try {
                var in = source.file() != null ? Files.newInputStream(source.file()) : source.stream();
                return new ActivityStream(in, activity, source.file() != null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = source.file() != null
                    ? HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(open), Files.size(source.file()))
                    : HttpRequest.BodyPublishers.ofInputStream(open);
        } catch (IOException e) {
            throw new TransportException("cannot read " + source.file() + ": " + e.getMessage(), requestId, e);
        }
        var builder = HttpRequest.newBuilder(request.uri()).method(request.method(), publisher);
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.header("Content-Type", request.contentType().orElseThrow());
        var pending = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        long idleLimit = options.readTimeout().toNanos();
        try {
            while (true) {
                try {
                    var response = pending.get(100, TimeUnit.MILLISECONDS);
                    try (var content = response.body()) {
                        var echoedId =
                                response.headers().firstValue("X-Request-Id").orElse(requestId);
                        return new ApiResponse(
                                response.statusCode(), response.headers().map(), content.readAllBytes(), echoedId);
                    }
                } catch (TimeoutException stillWaiting) {
                    if (System.nanoTime() - activity.get() > idleLimit) {
                        pending.cancel(true);
                        throw failed(
                                request,
                                attempt,
                                started,
                                requestId,
                                new HttpTimeoutException("no progress for " + options.readTimeout()));
                    }
                }
            }
        } catch (ExecutionException e) {
            throw failed(request, attempt, started, requestId, e.getCause());
        } catch (IOException e) {
            throw failed(request, attempt, started, requestId, e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportException(request.method() + " interrupted", requestId, e);
        }
    }

    private TransportException failed(ApiRequest request, int attempt, long started, String requestId, Throwable e) {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        var cause = e;
        var reason = cause instanceof HttpTimeoutException
                ? "timed out after " + elapsed + " ms"
                : "failed after " + elapsed + " ms: " + describe(e);
        var redacted = Redaction.uri(request.uri());
        LOG.debug("{} {} attempt {} {}", request.method(), redacted, attempt, reason);
        return new TransportException(request.method() + " " + redacted + " " + reason, requestId, e);
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
                .retryOnResult(response -> retryOptions.retryStatuses().contains(response.status())
                        // "Still being processed" for an Idempotency-Key: the answer comes later.
                        || (response.status() == 409
                                && response.header("Retry-After").isPresent()))
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

    /** A request body that notes when it was last read from, for the idle timeout. */
    private static final class ActivityStream extends FilterInputStream {
        private final AtomicLong lastRead;
        private final boolean ownsSource;

        ActivityStream(InputStream in, AtomicLong lastRead, boolean ownsSource) {
            super(in);
            this.lastRead = lastRead;
            this.ownsSource = ownsSource;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            lastRead.set(System.nanoTime());
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            lastRead.set(System.nanoTime());
            return n;
        }

        /** Closes a file this transport opened; a caller's stream stays the caller's to close. */
        @Override
        public void close() throws IOException {
            if (ownsSource) {
                super.close();
            }
        }
    }
}
