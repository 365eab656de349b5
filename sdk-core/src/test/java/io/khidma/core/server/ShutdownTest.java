package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the server lets the requests in flight finish within the grace period, quietly. */
class ShutdownTest {

    @Path("/slow")
    public static final class SlowResource {
        static volatile CountDownLatch entered = new CountDownLatch(1);

        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String slow(@QueryParam("millis") long millis) throws InterruptedException {
            entered.countDown();
            Thread.sleep(millis);
            return "done after " + millis + " ms";
        }
    }

    /** Told by Jersey when the application stops, as the modules' background work is. */
    public static final class StopListener implements ContainerLifecycleListener {
        static volatile CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void onStartup(Container container) {}

        @Override
        public void onReload(Container container) {}

        @Override
        public void onShutdown(Container container) {
            stopped.countDown();
        }
    }

    /** What the HTTP server (Grizzly) logs through java.util.logging while the test runs. */
    private final List<LogRecord> grizzlyLog = new CopyOnWriteArrayList<>();

    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            grizzlyLog.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void listen() {
        SlowResource.entered = new CountDownLatch(1);
        StopListener.stopped = new CountDownLatch(1);
        Logger.getLogger("org.glassfish.grizzly").addHandler(recorder);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("org.glassfish.grizzly").removeHandler(recorder);
    }

    @Test
    void aRequestInFlightFinishesWithinTheGracePeriodAndNothingIsWarnedOf() throws Exception {
        var server = server(Duration.ofSeconds(5));
        var inFlight = get(server.uri(), 500);
        assertThat(SlowResource.entered.await(5, TimeUnit.SECONDS)).isTrue();

        server.close();

        var response = inFlight.get(1, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done after 500 ms");
        assertThatThrownBy(() -> get(server.uri(), 0).join()).hasCauseInstanceOf(IOException.class);
        assertThat(StopListener.stopped.getCount())
                .as("the application is stopped, not only the listeners")
                .isZero();
        assertThat(grizzlyLog)
                .as("a clean stop is not a warning")
                .noneMatch(record -> record.getLevel().intValue() >= Level.WARNING.intValue());
    }

    @Test
    void aRequestLongerThanTheGracePeriodIsCutOffWhenItEnds() throws Exception {
        var server = server(Duration.ofMillis(300));
        var inFlight = get(server.uri(), 10_000);
        assertThat(SlowResource.entered.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        server.close();
        long closing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(closing)
                .as("close() returns after the grace period, not the request")
                .isLessThan(5_000);
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    private static KhidmaServer server(Duration grace) {
        return KhidmaServer.builder()
                .port(0)
                .shutdownGrace(grace)
                .register(SlowResource.class)
                .register(StopListener.class)
                .start();
    }

    private CompletableFuture<HttpResponse<String>> get(URI base, long millis) {
        var request = HttpRequest.newBuilder(base.resolve("/slow?millis=" + millis))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(request, BodyHandlers.ofString());
    }
}
