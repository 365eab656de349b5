package io.khidma.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.khidma.core.json.KhidmaJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The sandbox's logging: plain text by default, one JSON object per line with {@code
 * KHIDMA_LOG_FORMAT=JSON}, the request id among its fields, and {@code java.util.logging} (Jersey's
 * and Grizzly's) through the same encoder.
 */
class LogFormatTest {

    private final PrintStream stderr = System.err;

    @AfterEach
    void restore() throws Exception {
        System.setErr(stderr);
        System.clearProperty("KHIDMA_LOG_FORMAT");
        configure();
        SLF4JBridgeHandler.uninstall();
    }

    private static void configure() throws Exception {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    }

    private String logged(String format) throws Exception {
        var buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        if (format != null) {
            System.setProperty("KHIDMA_LOG_FORMAT", format);
        }
        configure();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        MDC.put("request_id", "req-42");
        try {
            LoggerFactory.getLogger("io.khidma.test").info("payment {} captured", "KH-1");
            java.util.logging.Logger.getLogger("io.khidma.jul").warning("from java.util.logging");
        } finally {
            MDC.remove("request_id");
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesCarryTheRequestIdAndJavaUtilLoggingComesThroughTheSameEncoder() throws Exception {
        var lines = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        for (var line : logged("JSON").split("\n")) {
            if (!line.isBlank()) {
                lines.add(KhidmaJson.mapper().readTree(line));
            }
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo("payment KH-1 captured");
        assertThat(lines.get(0).path("mdc").path("request_id").asText()).isEqualTo("req-42");
        assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(1).path("loggerName").asText()).isEqualTo("io.khidma.jul");
        assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
    }

    @Test
    void plainTextStaysTheDefault() throws Exception {
        assertThat(logged(null))
                .contains("INFO  [req-42] io.khidma.test - payment KH-1 captured")
                .as("logback's own configuration report stays quiet")
                .doesNotContain("ch.qos.logback");
    }
}
