package io.khidma.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A response the transport received, with its body read in full. Immutable. */
public final class ApiResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String requestId;
    private final InputStream openBody;

    ApiResponse(int status, Map<String, List<String>> headers, byte[] body, String requestId) {
        this(status, headers, body, requestId, null);
    }

    private ApiResponse(
            int status, Map<String, List<String>> headers, byte[] body, String requestId, InputStream openBody) {
        this.status = status;
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.requestId = requestId;
        this.openBody = openBody;
    }

    /** A response whose body is still on the wire, for {@link Transport#stream(ApiRequest)} to hand over. */
    static ApiResponse streaming(int status, Map<String, List<String>> headers, InputStream body, String requestId) {
        return new ApiResponse(status, headers, new byte[0], requestId, body);
    }

    InputStream openBody() {
        return openBody == null ? InputStream.nullInputStream() : openBody;
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
        return first(headers, name);
    }

    static Optional<String> first(Map<String, List<String>> headers, String name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> etag() {
        return header("ETag");
    }

    /** The request id the server echoed, or the one the transport sent. */
    public String requestId() {
        return requestId;
    }

    public byte[] body() {
        return body.clone();
    }

    byte[] bodyBytes() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body read as JSON into {@code type}. */
    public <T> T body(Class<T> type) {
        try {
            return KhidmaJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw unreadable(type.getSimpleName(), e);
        }
    }

    /** The body read as JSON into a generic type, such as {@code Page<PublicService>}. */
    public <T> T body(TypeReference<T> type) {
        try {
            return KhidmaJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw unreadable(type.getType().getTypeName(), e);
        }
    }

    private TransportException unreadable(String type, IOException e) {
        return new TransportException(
                "the " + status + " response body is not a readable " + type + ": "
                        + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()),
                requestId,
                e);
    }
}
