package io.khidma.core.http;

import static io.khidma.core.http.ScriptedResource.Step.status;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.khidma.core.identity.TokenProvider;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TransportLoggingTest extends TransportTestSupport {

    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";

    private final Logger logger = (Logger) LoggerFactory.getLogger(Transport.class);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.TRACE);
        captured.start();
        logger.addAppender(captured);
    }

    @AfterEach
    void release() {
        logger.detachAppender(captured);
        logger.setLevel(previous);
    }

    @Test
    void logsEveryAttemptButNeverCredentials() {
        scripted.then(status(503).withHeader("Set-Cookie", "session=s3cr3t"), status(200));
        var uri = URI.create(scriptedUri() + "?client_secret=hunter2&lang=ar");
        try (var transport = Transport.create(fastRetries().build())) {
            transport.send(ApiRequest.get(uri)
                    .header("Cookie", "session=s3cr3t")
                    .credentials(TokenProvider.of(TOKEN))
                    .build());
        }

        var lines =
                captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("attempt 1 -> 503"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("attempt 2 -> 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("lang=ar"));
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN, "hunter2", "s3cr3t");
    }
}
