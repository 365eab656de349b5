package io.khidma.core.server;

import io.khidma.core.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over a size with a 413 problem: at once when {@code Content-Length} says
 * so, and while reading when the body is chunked, so an oversized body is never buffered whole. An
 * operation may set its own limit with {@link MaxRequestBody}. It runs once the request is matched
 * to an operation (bodies are read only after that) and before authentication.
 */
@Priority(Priorities.AUTHENTICATION - 400)
final class BodySizeLimit implements ContainerRequestFilter {

    private final long defaultMaxBytes;

    @Context
    private ResourceInfo resource;

    BodySizeLimit(long maxBytes) {
        this.defaultMaxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var method = resource == null ? null : resource.getResourceMethod();
        var own = method == null ? null : method.getAnnotation(MaxRequestBody.class);
        long maxBytes = own == null ? defaultMaxBytes : own.bytes();
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (declared < 0) {
            // Chunked or unknown length: count while the body is read. (Asking hasEntity() here
            // would block on a body-less request until the read times out.)
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return ProblemException.of(
                ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes");
    }

    private static final class LimitedInputStream extends FilterInputStream {
        private final long maxBytes;
        private long read;

        LimitedInputStream(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
    }
}
