package io.khidma.examples;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender write only when {@code KHIDMA_LOG_FORMAT} selects its format, so logback.xml
 * can reference both the text and the JSON appender: an appender left unreferenced makes logback
 * print its whole configuration report at every start.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format;
    private String selected;

    /** The format of the appender this filter guards: {@code TEXT} or {@code JSON}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format asked for, {@code ${KHIDMA_LOG_FORMAT:-TEXT}}. */
    public void setSelected(String selected) {
        this.selected = selected;
    }

    @Override
    public void start() {
        if (format == null || selected == null) {
            addError("LogFormatFilter needs a format and the selected format");
            return;
        }
        if (!selected.equalsIgnoreCase("TEXT") && !selected.equalsIgnoreCase("JSON")) {
            addError("KHIDMA_LOG_FORMAT is TEXT or JSON, not " + selected);
        }
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return format.equalsIgnoreCase(selected) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
