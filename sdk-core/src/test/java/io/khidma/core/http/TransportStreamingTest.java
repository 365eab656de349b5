package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.ServiceUnavailableException;
import io.khidma.core.problem.TransportException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies sent from files and streams, and response bodies handed over unread. */
class TransportStreamingTest extends TransportTestSupport {

    @TempDir
    Path dir;

    @Test
    void aFileBodyIsSentWithItsLengthAndReopenedForARetry() throws IOException {
        var text = "رقم,اسم\n" + "1,مركز\n".repeat(20_000);
        var file = Files.writeString(dir.resolve("upload.csv"), text);
        scripted.then(status(503), status(201));
        try (var transport = Transport.create(fastRetries().build())) {
            var response = transport.send(
                    ApiRequest.post(scriptedUri()).body(file, "text/csv").build());

            assertThat(response.status()).isEqualTo(201);
            var received = scripted.received();
            assertThat(received).hasSize(2);
            assertThat(received).extracting(ScriptedResource.Received::body).containsOnly(text);
            assertThat(received.get(1).header("Content-Length")).isEqualTo(String.valueOf(Files.size(file)));
            assertThat(received.get(1).header("Content-Type")).startsWith("text/csv");
            assertThat(received.get(1).header("Idempotency-Key"))
                    .isEqualTo(received.get(0).header("Idempotency-Key"));
            assertThat(received.get(1).header("User-Agent")).isEqualTo(transport.userAgent());
        }
    }

    @Test
    void aStreamBodyIsSentChunkedAndNeverRetried() {
        var text = "a,b\n" + "1,2\n".repeat(50_000);
        scripted.then(status(503), status(201));
        try (var transport = Transport.create(fastRetries().build())) {
            var request = ApiRequest.post(scriptedUri())
                    .body(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text/csv")
                    .build();

            assertThat(request.replayable()).isFalse();
            assertThatThrownBy(() -> transport.send(request)).isInstanceOf(ServiceUnavailableException.class);
            var received = scripted.received();
            assertThat(received).hasSize(1);
            assertThat(received.get(0).body()).isEqualTo(text);
            assertThat(received.get(0).header("Content-Length")).isNull();
        }
    }

    @Test
    void anUploadThatStallsFailsAfterTheReadTimeoutOfSilence() {
        var release = new CountDownLatch(1);
        InputStream stalling = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10) {
                    return 'x';
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        var options = fastRetries().readTimeout(Duration.ofMillis(500)).build();
        try (var transport = Transport.create(options)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> transport.send(ApiRequest.put(scriptedUri())
                            .body(stalling, "text/plain")
                            .build()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStreamedResponseIsReadAsItArrivesAfterRetries() throws IOException {
        var big = "x".repeat(3_000_000);
        scripted.then(status(503), status(200).withBody("text/plain", big));
        try (var transport = Transport.create(fastRetries().build());
                var response = transport.stream(ApiRequest.get(scriptedUri()).build())) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            long total = 0;
            var buffer = new byte[8192];
            for (int n; (n = response.body().read(buffer)) >= 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(big.length());
            assertThat(scripted.received()).hasSize(2);
        }
    }

    @Test
    // Without the idle timeout the read waits for ever, deaf to interrupts: time it out from outside.
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStreamedBodyThatStallsFailsAfterTheReadTimeoutOfSilence() throws Exception {
        try (var server = new TricklingServer(100, 5, Duration.ofMillis(10));
                var transport = Transport.create(
                        fastRetries().readTimeout(Duration.ofMillis(300)).build());
                var response = transport.stream(ApiRequest.get(server.uri()).build())) {
            var body = response.body();
            assertThat(body.readNBytes(5)).hasSize(5);

            assertThatThrownBy(() -> body.read(new byte[10]))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("no data for PT0.3S");
            assertThatThrownBy(() -> body.read())
                    .as("and every read after it")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aSlowButSteadyBodyIsReadWholeWhateverItsTotalTime() throws Exception {
        // 8 bytes, one every 150 ms: 1.2 s in all, never 400 ms without data.
        try (var server = new TricklingServer(8, 8, Duration.ofMillis(150));
                var transport = Transport.create(
                        fastRetries().readTimeout(Duration.ofMillis(400)).build());
                var response = transport.stream(ApiRequest.get(server.uri()).build())) {
            assertThat(response.body().readAllBytes()).hasSize(8);
        }
    }

    /**
     * Answers one GET with a body of {@code length} bytes declared in {@code Content-Length}: the
     * first {@code sent} bytes one by one, {@code pause} apart, then silence with the connection open.
     */
    private static final class TricklingServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CountDownLatch done = new CountDownLatch(1);

        TricklingServer(int length, int sent, Duration pause) throws IOException {
            var thread = new Thread(() -> {
                try (var socket = listener.accept()) {
                    var in = socket.getInputStream();
                    for (int matched = 0, b; matched < 4 && (b = in.read()) >= 0; ) {
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    var out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < sent; i++) {
                        out.write('x');
                        out.flush();
                        if (i < sent - 1) {
                            Thread.sleep(pause.toMillis());
                        }
                    }
                    done.await(1, TimeUnit.MINUTES); // silence, the connection held open
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/download");
        }

        @Override
        public void close() throws IOException {
            done.countDown();
            listener.close();
        }
    }

    @Test
    void aStreamedErrorIsThrownWithItsProblem() {
        scripted.then(status(404)
                .withBody(
                        "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"no such dataset\"}"));
        try (var transport = Transport.create(fastRetries().build())) {
            assertThatThrownBy(
                            () -> transport.stream(ApiRequest.get(scriptedUri()).build()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no such dataset");
        }
    }
}
