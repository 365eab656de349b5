package io.khidma.payments.server;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.khidma.core.tracing.Tracing;
import io.khidma.payments.provider.PaymentProvider;
import io.khidma.payments.provider.ProviderException;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every call to the payment provider goes through here: a deadline (Resilience4j {@code
 * TimeLimiter}) and a circuit breaker, so a slow or failing provider costs at most the deadline per
 * call and, once it keeps failing, nothing at all until it recovers.
 */
final class GuardedProvider implements AutoCloseable {

    /** The call was never sent: the circuit is open or every provider thread is busy. */
    static final class Unavailable extends ProviderException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** No answer within the deadline: the provider may or may not have acted. */
    static final class TimedOut extends ProviderException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PaymentProvider provider;
    private final TimeLimiter timeLimiter;
    private final CircuitBreaker circuitBreaker;
    private final ThreadPoolExecutor executor;
    private final Tracing tracing;

    GuardedProvider(PaymentProvider provider, Duration timeout, Tracing tracing) {
        this.provider = provider;
        this.tracing = tracing;
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(timeout)
                .cancelRunningFuture(true)
                .build());
        this.circuitBreaker = CircuitBreaker.of(
                "payment-provider",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .permittedNumberOfCallsInHalfOpenState(3)
                        .recordExceptions(ProviderException.class, TimeoutException.class)
                        .build());
        var threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, 64, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            var thread = new Thread(task, "khidma-provider-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    PaymentProvider provider() {
        return provider;
    }

    /**
     * Calls the provider under the deadline and the breaker, as a client span of the request in
     * progress; the provider's own thread runs in that span's context, so a connector that traces
     * its HTTP calls continues the trace.
     */
    <T> T call(String operation, Callable<T> call) {
        var span = tracing.tracer()
                .spanBuilder("payment provider " + operation)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("khidma.provider.operation", operation)
                .startSpan();
        var inSpan = Context.current().with(span).wrap(call);
        Callable<T> limited = () -> timeLimiter.executeFutureSupplier(() -> executor.submit(inSpan));
        try {
            return circuitBreaker.executeCallable(limited);
        } catch (Exception e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw guarded(operation, e);
        } finally {
            span.end();
        }
    }

    private static ProviderException guarded(String operation, Exception failure) {
        if (failure instanceof CallNotPermittedException) {
            return new Unavailable("the payment provider is failing; calls are paused (" + operation + ")");
        }
        if (failure instanceof RejectedExecutionException) {
            return new Unavailable("the payment provider has too many calls in flight (" + operation + ")");
        }
        if (failure instanceof TimeoutException) {
            return new TimedOut("the payment provider did not answer " + operation + " in time", failure);
        }
        if (failure instanceof ExecutionException) {
            return asProviderException(operation, failure.getCause());
        }
        return asProviderException(operation, failure);
    }

    void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    private static ProviderException asProviderException(String operation, Throwable failure) {
        if (failure instanceof ProviderException provider) {
            return provider;
        }
        return new ProviderException("the payment provider failed " + operation + ": " + failure, failure);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
