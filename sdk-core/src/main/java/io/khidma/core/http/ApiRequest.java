package io.khidma.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.json.KhidmaJson;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One call for a {@link Transport} to send. Immutable; built with {@link #builder(String, URI)} or
 * the per-method shortcuts.
 *
 * <pre>{@code
 * var request = ApiRequest.post(endpoint.resolve("/payments"))
 *         .json(newPayment)
 *         .credentials(tokens)
 *         .build();
 * }</pre>
 */
public final class ApiRequest {

    /** Headers the transport owns; a caller sets them through the builder's own methods. */
    private static final Set<String> RESERVED_HEADERS =
            Set.of("user-agent", "x-request-id", "idempotency-key", "authorization", "content-type", "host");

    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final BodyStream bodyStream;
    private final String contentType;
    private final String idempotencyKey;
    private final boolean idempotencyKeyDisabled;
    private final TokenProvider credentials;
    private final String authorization;

    private ApiRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = b.body;
        this.bodyStream = b.bodyStream;
        this.contentType = b.contentType;
        this.idempotencyKey = b.idempotencyKey;
        this.idempotencyKeyDisabled = b.idempotencyKeyDisabled;
        this.credentials = b.credentials;
        this.authorization = b.authorization;
    }

    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    public static Builder get(URI uri) {
        return builder("GET", uri);
    }

    public static Builder post(URI uri) {
        return builder("POST", uri);
    }

    public static Builder put(URI uri) {
        return builder("PUT", uri);
    }

    public static Builder delete(URI uri) {
        return builder("DELETE", uri);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** Caller-set headers, by case-insensitive name. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<byte[]> body() {
        return Optional.ofNullable(body).map(byte[]::clone);
    }

    byte[] bodyBytes() {
        return body;
    }

    /** The body streamed from a file or stream, when it is one; {@link #body()} is then empty. */
    Optional<BodyStream> bodyStream() {
        return Optional.ofNullable(bodyStream);
    }

    /**
     * Whether the transport may send this request again: not when its body is a stream that the
     * first attempt consumed.
     */
    public boolean replayable() {
        return bodyStream == null || bodyStream.file() != null;
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The key the caller chose; when absent the transport makes one for a {@code POST}. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Whether the caller opted out of an idempotency key: such a call is never retried. */
    public boolean idempotencyKeyDisabled() {
        return idempotencyKeyDisabled;
    }

    public Optional<TokenProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** A fixed {@code Authorization} value, for protocol calls such as HTTP Basic client authentication. */
    public Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    public static final class Builder {
        private final String method;
        private final URI uri;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body;
        private BodyStream bodyStream;
        private String contentType;
        private String idempotencyKey;
        private boolean idempotencyKeyDisabled;
        private TokenProvider credentials;
        private String authorization;

        private Builder(String method, URI uri) {
            Objects.requireNonNull(method, "method");
            if (!method.matches("[A-Z]{3,7}")) {
                throw new IllegalArgumentException("not an HTTP method: " + method);
            }
            Objects.requireNonNull(uri, "uri");
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new IllegalArgumentException("request URI must be absolute with a host: " + uri);
            }
            this.method = method;
            this.uri = uri;
        }

        /** Adds a header value. The transport's own headers cannot be set this way. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        name + " is set by the transport; use the builder method for it instead");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " must not contain line breaks");
            }
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Builder accept(String mediaType) {
            headers.put("Accept", new ArrayList<>(List.of(mediaType)));
            return this;
        }

        /** The body, serialised with {@link KhidmaJson}, sent as {@code application/json}. */
        public Builder json(Object value) {
            Objects.requireNonNull(value, "value");
            try {
                return body(KhidmaJson.mapper().writeValueAsBytes(value), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "cannot write " + value.getClass().getName() + " as JSON", e);
            }
        }

        public Builder body(byte[] content, String mediaType) {
            this.body = Objects.requireNonNull(content, "content").clone();
            this.bodyStream = null;
            this.contentType = Objects.requireNonNull(mediaType, "mediaType");
            return this;
        }

        /**
         * The file's content, read as it is sent (never held in memory) with its length as {@code
         * Content-Length}. The file is opened again for a retry.
         */
        public Builder body(Path file, String mediaType) {
            Objects.requireNonNull(file, "file");
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("not a readable file: " + file);
            }
            return stream(new BodyStream(file, null), mediaType);
        }

        /**
         * The stream's content, read as it is sent (never held in memory) in chunks. A stream can
         * be read only once, so this request is never retried; the transport does not close it.
         */
        public Builder body(InputStream content, String mediaType) {
            return stream(new BodyStream(null, Objects.requireNonNull(content, "content")), mediaType);
        }

        private Builder stream(BodyStream source, String mediaType) {
            this.bodyStream = source;
            this.body = null;
            this.contentType = Objects.requireNonNull(mediaType, "mediaType");
            return this;
        }

        /** Sends this key, the same on every retry, instead of one the transport makes up. */
        public Builder idempotencyKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("idempotency key must be 1-255 visible ASCII characters");
            }
            this.idempotencyKey = key;
            this.idempotencyKeyDisabled = false;
            return this;
        }

        /**
         * Sends no {@code Idempotency-Key}. The server can then not tell a retry from a new call,
         * so the transport never retries this request.
         */
        public Builder withoutIdempotencyKey() {
            this.idempotencyKey = null;
            this.idempotencyKeyDisabled = true;
            return this;
        }

        /** Where the bearer token comes from; asked on every attempt. */
        public Builder credentials(TokenProvider credentials) {
            this.credentials = credentials;
            this.authorization = null;
            return this;
        }

        /**
         * Sends this {@code Authorization} value instead of a bearer token, e.g. {@code Basic …} to
         * an OAuth token endpoint. It is redacted from logs like every credential.
         */
        public Builder authorization(String value) {
            Objects.requireNonNull(value, "value");
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("Authorization must not contain line breaks");
            }
            this.authorization = value;
            this.credentials = null;
            return this;
        }

        public ApiRequest build() {
            return new ApiRequest(this);
        }
    }

    /** A body sent from a file (which can be read again) or from a stream (which cannot). */
    record BodyStream(Path file, InputStream stream) {}
}
