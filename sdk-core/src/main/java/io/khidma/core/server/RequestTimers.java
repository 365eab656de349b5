package io.khidma.core.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * {@code http_server_requests_seconds} per route template, method and status, timed from the
 * request's arrival until its response is written, with the series and tags of Jersey's Micrometer
 * binding ({@code method}, {@code uri}, {@code status}, {@code exception}, {@code outcome}).
 *
 * <p>Jersey's own listener finds the {@code @Timed} annotations of the matched method by reflection
 * and looks its timer up by tags on every request; this one keeps a timer per series, found by a
 * record key, and watches only for the request's end.
 */
final class RequestTimers implements ApplicationEventListener {

    static final String NAME = "http.server.requests";

    private record Series(String method, String uri, int status, String exception) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long started = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                timers.computeIfAbsent(series(event), this::timer)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Timer timer(Series series) {
        return Timer.builder(NAME)
                .tags(Tags.of(
                                "method",
                                series.method(),
                                "uri",
                                series.uri(),
                                "status",
                                Integer.toString(series.status()),
                                "exception",
                                series.exception())
                        .and(Outcome.forStatus(series.status()).asTag()))
                .register(registry);
    }

    private static Series series(RequestEvent event) {
        var request = event.getContainerRequest();
        var response = event.getContainerResponse();
        var method = request == null ? "UNKNOWN" : request.getMethod();
        if (response == null) {
            return new Series(method, "UNKNOWN", 500, exception(event.getException()));
        }
        int status = response.getStatus();
        if (event.getUriInfo().getMatchedResourceMethod() == null && (status == 404 || status / 100 == 3)) {
            // No route: the path is the client's, one series whatever it was.
            return new Series(method, status == 404 ? "NOT_FOUND" : "REDIRECTION", status, "None");
        }
        var route = RouteTemplate.of(event.getUriInfo());
        var uri = route == null ? "UNKNOWN" : route.equals("/") ? "root" : route;
        return new Series(method, uri, status, exception(event.getException()));
    }

    /** The exception's simple name, or that of its cause when Jersey wrapped it to map it. */
    private static String exception(Throwable thrown) {
        if (thrown == null) {
            return "None";
        }
        var cause = thrown.getCause() == null ? thrown : thrown.getCause();
        var name = cause.getClass().getSimpleName();
        return name.isEmpty() ? cause.getClass().getName() : name;
    }
}
