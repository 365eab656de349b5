package io.khidma.core.tracing;

import io.khidma.core.server.RouteTemplate;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.slf4j.MDC;

/**
 * A server span per request, child of the W3C {@code traceparent} the request carries, named by its
 * route template ({@code GET /payments/{id}}) once matched, current while the resource runs so the
 * spans it causes (statements, provider calls) are its children. Its trace and span ids are in the
 * logging MDC as {@value #TRACE_ID} and {@value #SPAN_ID}. Registered by the server itself.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class ServerSpans implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private static final String SPAN = ServerSpans.class.getName() + ".span";
    private static final String THREAD = ServerSpans.class.getName() + ".thread";

    private static final TextMapGetter<ContainerRequestContext> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ContainerRequestContext request) {
            return request.getHeaders().keySet();
        }

        @Override
        public String get(ContainerRequestContext request, String key) {
            return request == null ? null : request.getHeaderString(key);
        }
    };

    /** The request in progress on this thread, should its span outlive it (an entity never written). */
    private static final ThreadLocal<Open> OPEN = new ThreadLocal<>();

    private record Open(Span span, Scope scope) {}

    private final Tracing tracing;

    public ServerSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var leftOver = OPEN.get();
        if (leftOver != null) {
            close(leftOver.span(), leftOver.scope());
        }
        if (!tracing.enabled()) {
            return;
        }
        var parent = tracing.propagator().extract(Context.root(), request, HEADERS);
        var uri = request.getUriInfo().getRequestUri();
        var span = tracing.tracer()
                .spanBuilder(request.getMethod())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, request.getMethod())
                .setAttribute(SpanAttributes.URL_PATH, uri.getRawPath())
                .setAttribute(SpanAttributes.URL_SCHEME, uri.getScheme())
                .startSpan();
        var scope = span.makeCurrent();
        request.setProperty(SPAN, span);
        request.setProperty(THREAD, Thread.currentThread());
        OPEN.set(new Open(span, scope));
        var context = span.getSpanContext();
        if (context.isValid()) {
            MDC.put(TRACE_ID, context.getTraceId());
            MDC.put(SPAN_ID, context.getSpanId());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(SPAN) instanceof Span span)) {
            return;
        }
        if (request.getUriInfo() instanceof ExtendedUriInfo matched) {
            var route = RouteTemplate.of(matched);
            if (route != null) {
                span.updateName(request.getMethod() + " " + route);
                span.setAttribute(SpanAttributes.HTTP_ROUTE, route);
            }
        }
        span.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) response.getStatus());
        if (response.getStatus() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        // A body is written after the filters: an export's statements run then, inside the span.
        if (!response.hasEntity()) {
            end(request::getProperty);
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        try {
            context.proceed();
        } finally {
            end(context::getProperty);
        }
    }

    private static void end(java.util.function.Function<String, Object> properties) {
        if (!(properties.apply(SPAN) instanceof Span span)) {
            return;
        }
        var open = OPEN.get();
        // A suspended request answers on another thread: its scope is its own thread's to close.
        // And a scope is closed once, however many times a body is written.
        if (open != null && open.span() == span && properties.apply(THREAD) == Thread.currentThread()) {
            close(span, open.scope());
        } else {
            span.end();
        }
    }

    private static void close(Span span, Scope scope) {
        span.end();
        if (scope != null) {
            scope.close();
            OPEN.remove();
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
