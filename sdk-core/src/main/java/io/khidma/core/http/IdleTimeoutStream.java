package io.khidma.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A streamed response body whose reads fail once the read timeout passes without a byte. The JDK
 * client's timeout ends with the response headers; without this, a server that stalls mid-body
 * would hold a download forever. A watchdog closes the body under a read that has waited too long
 * (closing wakes the JDK body stream's wait; an interrupt does not), and that read and every later
 * one throw {@link SocketTimeoutException}. A download can be resumed from there.
 */
final class IdleTimeoutStream extends FilterInputStream {

    /** One daemon thread for every stalled-read check in the JVM; each check takes microseconds. */
    private static final class Watchdog {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            var executor = new ScheduledThreadPoolExecutor(1, task -> {
                var thread = new Thread(task, "khidma-read-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    @FunctionalInterface
    private interface Read {
        long read() throws IOException;
    }

    private final Duration limit;
    private final ScheduledFuture<?> watch;
    private final Object lock = new Object();
    private boolean reading; // guarded by lock: a read is waiting
    private long readingSince; // guarded by lock
    private boolean expired; // guarded by lock: the watchdog closed the body; every read fails

    IdleTimeoutStream(InputStream body, Duration limit) {
        super(body);
        this.limit = limit;
        long every = Math.max(10, Math.min(limit.toMillis() / 4, 1_000));
        this.watch = Watchdog.EXECUTOR.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private void check() {
        synchronized (lock) {
            if (!reading || expired || System.nanoTime() - readingSince <= limit.toNanos()) {
                return;
            }
            expired = true;
        }
        closeQuietly();
    }

    @Override
    public int read() throws IOException {
        return (int) timed(super::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return (int) timed(() -> super.read(buffer, offset, length));
    }

    @Override
    public long skip(long n) throws IOException {
        return timed(() -> super.skip(n));
    }

    private long timed(Read read) throws IOException {
        synchronized (lock) {
            if (expired) {
                throw timeout(null);
            }
            reading = true;
            readingSince = System.nanoTime();
        }
        try {
            long result = read.read();
            if (result < 0) {
                watch.cancel(false); // the end: nothing more to wait for, closed or not
            }
            return result;
        } catch (IOException e) {
            synchronized (lock) {
                if (expired) {
                    throw timeout(e);
                }
            }
            throw e;
        } finally {
            synchronized (lock) {
                reading = false;
            }
        }
    }

    private SocketTimeoutException timeout(IOException cause) {
        var timeout = new SocketTimeoutException("no data for " + limit + " while reading the response body");
        timeout.initCause(cause);
        return timeout;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // The timeout is the failure to report.
        }
    }

    @Override
    public void close() throws IOException {
        watch.cancel(false);
        super.close();
    }
}
