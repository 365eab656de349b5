package io.khidma.core.server;

import static io.khidma.core.server.ServerProblemTest.json;
import static io.khidma.core.server.ServerProblemTest.problem;
import static io.khidma.core.server.ServerProblemTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthAndDocsTest {

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        var name = TestDatabases.createDatabase();
        var pool = TestDatabases.pool(name);
        pool.setConnectionTimeout(Duration.ofMillis(500).toMillis());
        try (var database = Database.connect(pool);
                var server = KhidmaServer.builder().port(0).database(database).start()) {
            var ready = HttpRequest.newBuilder(server.uri().resolve("/health/ready"));

            var up = send(ready);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up).at("/checks/database").asText()).isEqualTo("UP");

            TestDatabases.execute("DROP DATABASE " + name + " WITH (FORCE)");

            var down = send(ready);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(json(down).get("status").asText()).isEqualTo("DOWN");
            assertThat(json(down).at("/checks/database").asText()).isEqualTo("DOWN");

            assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/health")))
                            .statusCode())
                    .as("liveness does not depend on the database")
                    .isEqualTo(200);
        }
    }

    @Test
    void servesSpecsAndSwaggerUi() throws Exception {
        try (var server = KhidmaServer.builder().port(0).start()) {
            var spec = send(HttpRequest.newBuilder(server.uri().resolve("/openapi/platform.yaml")));
            assertThat(spec.statusCode()).isEqualTo(200);
            assertThat(spec.headers().firstValue("Content-Type")).contains("application/yaml");
            assertThat(spec.body()).startsWith("openapi: 3.0.3");

            var docs = send(HttpRequest.newBuilder(server.uri().resolve("/docs")));
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.body()).contains("swagger-ui-bundle.js").doesNotContain("<script>");

            assertThat(docs.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval");
            assertThat(docs.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(spec.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(spec.headers().firstValue("Content-Security-Policy")).isEmpty();

            var init = send(HttpRequest.newBuilder(server.uri().resolve("/docs/khidma-init.js")));
            assertThat(init.body()).contains("/openapi/platform.yaml");

            var bundle = send(HttpRequest.newBuilder(server.uri().resolve("/docs/swagger-ui-bundle.js")));
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.body()).contains("SwaggerUIBundle");
        }
    }

    @Test
    void unknownSpecsAndAssetsAreProblemsNotFiles() throws Exception {
        try (var server = KhidmaServer.builder().port(0).start()) {
            problem(send(HttpRequest.newBuilder(server.uri().resolve("/openapi/secrets.yaml"))), 404);
            problem(send(HttpRequest.newBuilder(server.uri().resolve("/docs/pom.properties"))), 404);
            problem(send(HttpRequest.newBuilder(server.uri().resolve("/docs/..%2F..%2FMETA-INF%2FMANIFEST.MF"))), 404);
        }
    }

    /** A resource an application registers as an instance. */
    @jakarta.ws.rs.Path("/hello")
    public static final class HelloResource {
        @jakarta.ws.rs.GET
        public String hello() {
            return "marhaba";
        }
    }

    @Test
    void startsWithoutJerseyWarningsAndServesResourceInstances() throws Exception {
        var jersey = java.util.logging.Logger.getLogger("org.glassfish.jersey");
        var warnings = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jersey.addHandler(handler);
        try (var server =
                KhidmaServer.builder().port(0).register(new HelloResource()).start()) {
            assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/hello")))
                            .body())
                    .isEqualTo("marhaba");
            assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/health")))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            jersey.removeHandler(handler);
        }
        assertThat(warnings).as("Jersey's warnings at start-up").isEmpty();
    }

    @Test
    void anAcceptHeaderNoOperationAnswersGetsTheDeclared406Problem() throws Exception {
        try (var server = KhidmaServer.builder().port(0).start()) {
            problem(send(HttpRequest.newBuilder(server.uri().resolve("/health")).header("Accept", "text/csv")), 406);
        }
    }

    /** Says whether the request runs on a virtual thread (Thread.isVirtual, Java 21). */
    @jakarta.ws.rs.Path("/thread")
    public static final class ThreadResource {
        @jakarta.ws.rs.GET
        public String thread() throws ReflectiveOperationException {
            return String.valueOf(Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
        }
    }

    @Test
    void requestsRunOnVirtualThreadsWhenAskedOnJava21AndLater() throws Exception {
        var builder =
                KhidmaServer.builder().port(0).register(new ThreadResource()).virtualThreads(true);
        if (Runtime.version().feature() < 21) {
            org.assertj.core.api.Assertions.assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("virtual threads need Java 21 or later");
            return;
        }
        try (var server = builder.start()) {
            assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/thread")))
                            .body())
                    .isEqualTo("true");
        }
        try (var server =
                KhidmaServer.builder().port(0).register(new ThreadResource()).start()) {
            assertThat(send(HttpRequest.newBuilder(server.uri().resolve("/thread")))
                            .body())
                    .as("Grizzly's worker threads by default")
                    .isEqualTo("false");
        }
    }
}
