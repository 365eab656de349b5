package io.khidma.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A successful response whose body is read as it arrives, from {@link Transport#stream(ApiRequest)}.
 * Close it (try-with-resources) to release the connection, whether the body was read to the end or
 * not.
 */
public final class StreamedResponse implements AutoCloseable {

    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final String requestId;

    StreamedResponse(int status, Map<String, List<String>> headers, InputStream body, String requestId) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    /** Headers by case-insensitive name. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return ApiResponse.first(headers, name);
    }

    /** The body's length on the wire, when the server declared it. */
    public OptionalLong contentLength() {
        var value = header("Content-Length");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The request id the server echoed, or the one the transport sent. */
    public String requestId() {
        return requestId;
    }

    /** The body as it arrives; read it once. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // The connection is released either way; nothing the caller could do with this.
        }
    }
}
