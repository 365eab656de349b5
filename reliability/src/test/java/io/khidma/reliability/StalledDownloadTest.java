package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.TransportOptions;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server goes silent in the middle of a download, holding the connection open: the client
 * gives up after its read timeout instead of waiting forever, keeps what it got, and the next
 * download of the same file resumes from there.
 */
class StalledDownloadTest {

    static Platform platform;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        platform = Platform.start(settings -> settings.replicas = 1);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    // Without the idle timeout the read waits for ever, deaf to interrupts: time it out from outside.
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDownloadThatStallsTimesOutKeepsItsPartAndTheNextResumes() throws Exception {
        UUID kiosks;
        byte[] whole;
        try (var direct = platform.openData(0, null)) {
            kiosks = direct.search(DatasetQuery.text("kiosks").publisher("rta")).stream()
                    .findFirst()
                    .orElseThrow()
                    .id();
            whole = Files.readAllBytes(
                    direct.download(kiosks, DownloadFormat.CSV, dir.resolve("whole.csv"), ProgressListener.NONE)
                            .file());
        }
        var target = dir.resolve("kiosks.csv");
        var timeout = Duration.ofMillis(500);

        try (var proxy =
                        FaultyProxy.stalling(platform.replica(0).uri(), "GET /datasets/" + kiosks + "/export", 1, 300);
                var stalled = OpenDataClient.builder()
                        .endpoint(proxy.uri())
                        .options(TransportOptions.builder()
                                .readTimeout(timeout)
                                .retry(RetryOptions.none())
                                .build())
                        .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> stalled.download(kiosks, DownloadFormat.CSV, target, ProgressListener.NONE))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("download to the same file again to resume")
                    .cause()
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("gave up after the read timeout of silence, not the stall's length")
                    .isLessThan(Duration.ofSeconds(10));
        }
        var part = dir.resolve("kiosks.csv.part");
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(whole.length);

        try (var client = platform.openData(0, null)) {
            var resumed = client.download(kiosks, DownloadFormat.CSV, target, ProgressListener.NONE);

            assertThat(resumed.resumedFrom()).isEqualTo(kept);
            assertThat(Files.readAllBytes(target)).isEqualTo(whole);
        }
    }
}
