package io.khidma.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.0 over a plain socket, for requests the JDK client will not send: a forged {@code Host}
 * header. HTTP/1.0 keeps the exchange simple: one request per connection, the answer runs to its
 * end.
 */
public final class RawHttp {

    /** A response: its status, headers (names in lower case) and body as text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The status line, headers and body: everything a client or cache would keep. */
        public String whole() {
            return status + " " + headers + "\n" + body;
        }
    }

    private RawHttp() {}

    /** A chunked body's content; Grizzly answers in chunks even to an HTTP/1.0 request. */
    private static String unchunk(String chunked) {
        var content = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            var size = chunked.substring(at, line).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                return content.toString();
            }
            content.append(chunked, line + 2, line + 2 + length);
            at = line + 2 + length + 2;
        }
    }

    /**
     * Sends {@code method} to {@code server}'s address for {@code pathAndQuery}, with exactly the
     * headers given (a {@code Host} among them) and the body, if any.
     */
    public static Response send(
            URI server, String method, String pathAndQuery, Map<String, String> headers, String body) {
        try (var socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            var request = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.0\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            request.append("\r\n");
            var out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            var head = answer.substring(0, end < 0 ? answer.length() : end).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            var parsed = new LinkedHashMap<String, String>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                parsed.merge(
                        head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            var content = end < 0 ? "" : answer.substring(end + 4);
            if ("chunked".equalsIgnoreCase(parsed.get("transfer-encoding"))) {
                content = unchunk(content);
            }
            // Read as Latin-1, one char per byte, so chunk sizes count bytes; decoded as UTF-8 here.
            return new Response(
                    status, parsed, new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
