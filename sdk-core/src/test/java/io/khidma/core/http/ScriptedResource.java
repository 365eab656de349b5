package io.khidma.core.http;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test endpoint on the real server kit that answers from a script and records what it received,
 * so transport tests can see exactly what went over the wire.
 */
@Path("/scripted")
public final class ScriptedResource {

    /** One scripted answer. */
    public record Step(int status, String contentType, String body, Map<String, String> headers, Duration delay) {
        public static Step status(int status) {
            return new Step(status, "application/json", "{\"ok\":" + (status < 400) + "}", Map.of(), Duration.ZERO);
        }

        public Step withHeader(String name, String value) {
            var more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Step(status, contentType, body, more, delay);
        }

        public Step withBody(String newContentType, String newBody) {
            return new Step(status, newContentType, newBody, headers, delay);
        }

        public Step after(Duration newDelay) {
            return new Step(status, contentType, body, headers, newDelay);
        }
    }

    /** What one request carried, and when it arrived. */
    public record Received(String method, Map<String, List<String>> headers, String body, Instant at) {
        public String header(String name) {
            var values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    public ScriptedResource then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public void reset() {
        script.clear();
        received.clear();
    }

    @GET
    public void get(@Context HttpHeaders headers, @Suspended AsyncResponse response) {
        answer("GET", headers, "", response);
    }

    @POST
    public void post(@Context HttpHeaders headers, String body, @Suspended AsyncResponse response) {
        answer("POST", headers, body, response);
    }

    @PUT
    public void put(@Context HttpHeaders headers, String body, @Suspended AsyncResponse response) {
        answer("PUT", headers, body, response);
    }

    @DELETE
    public void delete(@Context HttpHeaders headers, @Suspended AsyncResponse response) {
        answer("DELETE", headers, "", response);
    }

    private void answer(String method, HttpHeaders headers, String body, AsyncResponse async) {
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        headers.getRequestHeaders().forEach((name, values) -> copy.put(name, List.copyOf(values)));
        received.add(new Received(method, copy, body, Instant.now()));
        var step = script.poll();
        if (step == null) {
            step = Step.status(200);
        }
        var builder = Response.status(step.status()).entity(step.body()).type(step.contentType());
        step.headers().forEach(builder::header);
        var response = builder.build();
        if (step.delay().isZero()) {
            async.resume(response);
        } else {
            timer.schedule(() -> async.resume(response), step.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
