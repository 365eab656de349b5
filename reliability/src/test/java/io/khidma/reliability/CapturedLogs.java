package io.khidma.reliability;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every log event of the test JVM twice, as an operator's log would have it: as text with its
 * MDC and stack trace, and as the JSON line {@code KHIDMA_LOG_FORMAT=JSON} writes (logback's {@code
 * JsonEncoder}, whose MDC, key-value and exception fields the text does not show the same way), so
 * a test can scan both (logback-test.xml).
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final int LIMIT = 200_000;
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<String> JSON_LINES = new ConcurrentLinkedQueue<>();

    private final JsonEncoder json = new JsonEncoder();

    @Override
    public void start() {
        json.setContext(getContext());
        json.start();
        super.start();
    }

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
        JSON_LINES.add(new String(json.encode(event), StandardCharsets.UTF_8));
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }

    static List<String> jsonLines() {
        return List.copyOf(JSON_LINES);
    }
}
