package io.khidma.examples.cli;

import io.khidma.opendata.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A download's progress on one line of standard error, redrawn at most ten times a second: a bar
 * and percentage when the size is known, bytes, rows and rate always.
 */
final class ProgressBar implements ProgressListener {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final long startedAt = System.nanoTime();
    private long lastDrawn;
    private long resumedFrom;
    private long bytes;
    private long total = -1;
    private long rows;
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(long resumedFromBytes, long totalBytes) {
        resumedFrom = resumedFromBytes; // the rate counts only what this run fetches
    }

    @Override
    public void progressed(long bytesSoFar, long totalBytes, long rowsSoFar) {
        bytes = bytesSoFar;
        total = totalBytes;
        rows = rowsSoFar;
        long now = System.nanoTime();
        if (!drawn || now - lastDrawn >= REDRAW_NANOS) {
            draw(now);
        }
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (drawn) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        }
    }

    private void draw(long now) {
        lastDrawn = now;
        drawn = true;
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        var line = new StringBuilder("\r");
        if (total > 0) {
            int filled = (int) (WIDTH * bytes / total);
            line.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(WIDTH - filled))
                    .append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%  ", 100 * bytes / total));
        }
        line.append(bytes(bytes));
        if (total > 0) {
            line.append(" of ").append(bytes(total));
        }
        line.append(rows < 0 ? "  " : String.format(Locale.ROOT, "  %,d rows  ", rows));
        long fetched = bytes - resumedFrom;
        line.append(fetched > 0 ? bytes((long) (fetched / seconds)) + "/s   " : "          ");
        err.print(line);
        err.flush();
    }

    /** {@code 1.5 MB}, {@code 312 B}: decimal units, as disks and networks count. */
    static String bytes(long count) {
        if (count < 1000) {
            return count + " B";
        }
        var units = "kMGT";
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length() - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %sB", value, units.charAt(unit));
    }
}
