package io.khidma.core.server;

import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every {@code POST} that carries an {@code Idempotency-Key} safe to retry, on every replica:
 *
 * <ul>
 *   <li>the first request with a key (per caller and path) runs; its response is stored;
 *   <li>a retry with the same key and the same body gets that response again, marked {@code
 *       Idempotent-Replayed: true}, and nothing runs twice; one that arrives while the first is
 *       still running waits for it (up to 10 s, then 409);
 *   <li>the same key with another body is refused: 422 {@code idempotency-key-reused};
 *   <li>a 5xx frees the key, so a retry runs again; keys are kept 24 hours;
 *   <li>a key claimed by a request that never answered (its replica died, or the database went away
 *       before the key could be freed) is taken over by a retry once the in-progress lease has run
 *       out. Resources that create something also remember the key beside what they created, so a
 *       retry after a lost response finds it instead of creating a second one.
 * </ul>
 *
 * The database's primary key on (scope, key) decides which request runs, across replicas.
 * Operations with a {@link MaxRequestBody} of their own stream large bodies (uploads), which this
 * filter would have to hold whole to compare: it leaves them alone.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final String CLAIM = "io.khidma.idempotency.claim";
    private static final String CAPTURE = "X-Khidma-Idempotency-Capture";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(25);

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);

    private record Claim(String scope, String key) {}

    private final IdempotencyStore store;

    @Context
    private ResourceInfo resource;

    IdempotencyFilter(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        var key = request.getHeaderString(HEADER);
        if (key == null || !"POST".equals(request.getMethod()) || streamsItsBody()) {
            return;
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.of(
                    ProblemType.INVALID_INPUT,
                    "Idempotency-Key must be 1-255 visible ASCII characters",
                    List.of(new FieldError(HEADER, "invalid-value", "1-255 visible ASCII characters")));
        }
        var body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        var principal = request.getSecurityContext() == null
                ? null
                : request.getSecurityContext().getUserPrincipal();
        var scope = (principal == null ? "anonymous" : principal.getName()) + " "
                + request.getUriInfo().getPath();
        var hash = sha256(body);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (store.claim(scope, key, hash)) {
                request.setProperty(CLAIM, new Claim(scope, key));
                return;
            }
            var entry = store.find(scope, key).orElse(null);
            if (entry == null) {
                continue; // released between our two statements: try to claim again
            }
            if (entry.stale()) {
                store.forgetStale(scope, key);
                continue;
            }
            if (!MessageDigest.isEqual(entry.requestHash(), hash)) {
                throw ProblemException.of(
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used with another request body; use a new key for a new request");
            }
            if (entry.completed()) {
                request.abortWith(replay(entry));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw ProblemException.of(
                                ProblemType.CONFLICT, "A request with this Idempotency-Key is still being processed")
                        .withHeader("Retry-After", "1");
            }
            // The first request is still running, on this replica or another: wait for its answer.
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var claim = (Claim) request.getProperty(CLAIM);
        if (claim == null) {
            return;
        }
        if (response.getStatus() >= 500) {
            try {
                store.release(claim.scope(), claim.key());
            } catch (RuntimeException e) {
                // The database is away: the key is taken over once its in-progress lease runs out.
                LOG.warn("could not free an idempotency key after a {}: {}", response.getStatus(), e.toString());
            }
            return;
        }
        if (!response.hasEntity()) {
            completeQuietly(
                    claim.scope(),
                    claim.key(),
                    response.getStatus(),
                    null,
                    response.getHeaderString("Location"),
                    response.getHeaderString("ETag"),
                    new byte[0]);
            return;
        }
        // The body is serialised later: the writer interceptor stores it once written.
        response.getHeaders().putSingle(CAPTURE, claim.scope() + "\n" + claim.key() + "\n" + response.getStatus());
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        var marker = context.getHeaders().getFirst(CAPTURE);
        if (marker == null) {
            context.proceed();
            return;
        }
        context.getHeaders().remove(CAPTURE);
        var parts = marker.toString().split("\n", 3);
        var original = context.getOutputStream();
        var copy = new ByteArrayOutputStream();
        context.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        });
        context.proceed();
        var type =
                context.getMediaType() == null ? null : context.getMediaType().toString();
        completeQuietly(
                parts[0],
                parts[1],
                Integer.parseInt(parts[2]),
                type,
                header(context, "Location"),
                header(context, "ETag"),
                copy.toByteArray());
    }

    /**
     * Stores the response for replays. The response is already decided (and may be on its way), so
     * a database failure here must not turn it into an error: the retry that may follow takes the
     * key over after its lease and finds what was created by the key the resource kept.
     */
    private void completeQuietly(
            String scope, String key, int status, String type, String location, String etag, byte[] body) {
        try {
            store.complete(scope, key, status, type, location, etag, body);
        } catch (RuntimeException e) {
            LOG.warn("could not store the response of an idempotent request: {}", e.toString());
        }
    }

    private boolean streamsItsBody() {
        var method = resource == null ? null : resource.getResourceMethod();
        return method != null && method.isAnnotationPresent(MaxRequestBody.class);
    }

    private static String header(WriterInterceptorContext context, String name) {
        var value = context.getHeaders().getFirst(name);
        return value == null ? null : value.toString();
    }

    private static Response replay(IdempotencyStore.Entry entry) {
        var response = Response.status(entry.status()).header(REPLAYED_HEADER, "true");
        if (entry.body() != null && entry.body().length > 0) {
            response.entity(entry.body()).type(entry.contentType());
        }
        if (entry.location() != null) {
            response.header("Location", entry.location());
        }
        if (entry.etag() != null) {
            response.header("ETag", entry.etag());
        }
        return response.build();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
