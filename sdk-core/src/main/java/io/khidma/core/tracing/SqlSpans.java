package io.khidma.core.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.sql.SQLException;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A client span per SQL statement Jdbi or {@code JdbcStatements} runs, child of the span in
 * progress: named by its operation ({@code SELECT}, {@code INSERT}, {@code WITH} ...), with the
 * statement's text as written (parameters are placeholders, so no value reaches a span).
 * Statements outside any span start no trace of their own, and those of a trace the sampler did
 * not keep make no span at all.
 */
public final class SqlSpans implements SqlLogger {

    private static final String SPAN = SqlSpans.class.getName();

    private final Tracing tracing;

    public SqlSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void logBeforeExecution(StatementContext context) {
        var span = start(context.getRenderedSql());
        if (span != null) {
            context.define(SPAN, span);
        }
    }

    /**
     * Starts the span of a statement about to run; {@code null}, starting nothing, outside a kept
     * trace. End it with {@link #end}.
     */
    public Span start(String sql) {
        if (!Span.current().getSpanContext().isSampled()) {
            return null;
        }
        return tracing.tracer()
                .spanBuilder(operation(sql))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SpanAttributes.DB_SYSTEM_NAME, "postgresql")
                .setAttribute(SpanAttributes.DB_QUERY_TEXT, sql)
                .startSpan();
    }

    /**
     * Starts the span of a statement run on {@code handle}'s connection without Jdbi (a {@code
     * COPY} through the driver's copy API), when the handle's Jdbi traces statements; {@code null}
     * otherwise. End it with {@link #end}.
     */
    public static Span start(Handle handle, String sql) {
        return handle.getConfig(SqlStatements.class).getSqlLogger() instanceof SqlSpans spans ? spans.start(sql) : null;
    }

    /** Ends a span {@link #start} gave, as failed when {@code failure} is not null. */
    public static void end(Span span, SQLException failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getSQLState());
        }
        span.end();
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        if (context.getAttribute(SPAN) instanceof Span span) {
            end(span, null);
        }
    }

    @Override
    public void logException(StatementContext context, SQLException failure) {
        if (context.getAttribute(SPAN) instanceof Span span) {
            end(span, failure);
        }
    }

    private static String operation(String sql) {
        if (sql == null) {
            return "SQL";
        }
        var trimmed = sql.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        return end == 0 ? "SQL" : trimmed.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
