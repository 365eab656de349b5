package io.khidma.core.http;

import io.khidma.core.tracing.SpanAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Map;

/**
 * A client span per attempt, child of the span in progress, its context sent as {@code
 * traceparent}: described at {@link TransportOptions.Builder#tracing}. Only a transport given an
 * OpenTelemetry loads this class, and with it the OpenTelemetry API. Spans are handed around as
 * {@code Object} so that the transport itself never names an OpenTelemetry type.
 */
final class TransportTracing {

    private static final TextMapSetter<Map<String, List<String>>> HEADERS =
            (headers, name, value) -> headers.put(name, List.of(value));

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    TransportTracing(Object openTelemetry) {
        if (!(openTelemetry instanceof OpenTelemetry api)) {
            throw new IllegalArgumentException("tracing takes an io.opentelemetry.api.OpenTelemetry, not "
                    + openTelemetry.getClass().getName());
        }
        this.openTelemetry = api;
        this.tracer = api.getTracer("io.khidma");
    }

    /** Starts the attempt's span and adds its {@code traceparent} to {@code headers}. */
    Object start(ApiRequest request, int attempt, Map<String, List<String>> headers) {
        var uri = request.uri();
        var builder = tracer.spanBuilder(request.method())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, request.method())
                .setAttribute(SpanAttributes.URL_FULL, Redaction.uri(uri))
                .setAttribute(SpanAttributes.SERVER_ADDRESS, uri.getHost())
                .setAttribute(SpanAttributes.SERVER_PORT, (long) (uri.getPort() < 0 ? 443 : uri.getPort()));
        if (attempt > 1) {
            builder.setAttribute(SpanAttributes.HTTP_REQUEST_RESEND_COUNT, (long) attempt - 1);
        }
        var span = builder.startSpan();
        openTelemetry
                .getPropagators()
                .getTextMapPropagator()
                .inject(Context.current().with(span), headers, HEADERS);
        return span;
    }

    void answered(Object span, int status) {
        var attempt = (Span) span;
        attempt.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (status >= 500) {
            attempt.setStatus(StatusCode.ERROR);
        }
        attempt.end();
    }

    void failed(Object span, Throwable failure) {
        var attempt = (Span) span;
        attempt.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        attempt.setAttribute(SpanAttributes.ERROR_TYPE, failure.getClass().getName());
        attempt.end();
    }
}
