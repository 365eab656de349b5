package io.khidma.core.server;

import io.khidma.core.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over a size with a 413 problem: at once when {@code Content-Length} says
 * so, and while reading when the body is chunked, so an oversized body is never buffered whole.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 400)
final class BodySizeLimit implements ContainerRequestFilter {

    private final long maxBytes;

    BodySizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        int declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        if (declared < 0) {
            // Chunked or unknown length: count while the body is read. (Asking hasEntity() here
            // would block on a body-less request until the read times out.)
            request.setEntityStream(new LimitedInputStream(request.getEntityStream()));
        }
    }

    private ProblemException tooLarge() {
        return ProblemException.of(
                ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes");
    }

    private final class LimitedInputStream extends FilterInputStream {
        private long read;

        LimitedInputStream(InputStream in) {
            super(in);
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
                throw tooLarge();
            }
        }
    }
}
