package io.khidma.reliability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every log event of the test JVM, formatted with its MDC and stack trace, so a test can
 * read what the servers and clients would have written to an operator's log (logback-test.xml).
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final int LIMIT = 200_000;
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (LINES.size() >= LIMIT) {
            return;
        }
        var line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getMDCPropertyMap())
                .append(' ')
                .append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        LINES.add(line.toString());
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }
}
