package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.json.KhidmaJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of failure leaves the server kit as a problem document, seen over raw HTTP. */
class ServerProblemTest {

    public record Greeting(String name, int count) {
        public Greeting {
            Objects.requireNonNull(name, "name");
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
        }
    }

    @Path("/greetings")
    public static final class GreetingResource {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Greeting echo(Greeting greeting) {
            return greeting;
        }

        @GET
        @Path("repeat")
        @Produces(MediaType.TEXT_PLAIN)
        public String repeat(@QueryParam("times") int times) {
            return "hello ".repeat(times);
        }

        @GET
        @Path("boom")
        public String boom() {
            throw new IllegalStateException("secret internal state 42");
        }
    }

    static KhidmaServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = KhidmaServer.builder()
                .port(0)
                .maxRequestBodyBytes(1000)
                .register(GreetingResource.class)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aValidRequestIsServedWithARequestId() throws Exception {
        var response = post("{\"name\":\"Fatima\",\"count\":2}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("name").asText()).isEqualTo("Fatima");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        var response = post("{\"name\": \"Fatima\", ");

        var problem = problem(response, 400);
        assertThat(problem.get("code").asText()).isEqualTo("malformed-json");
        assertThat(problem.get("type").asText()).isEqualTo("https://khidma.io/problems/malformed-json");
        assertThat(problem.get("detail").asText()).contains("line 1");
    }

    @Test
    void aWrongTypeNamesTheField() throws Exception {
        var response = post("{\"name\":\"Fatima\",\"count\":\"many\"}");

        var problem = problem(response, 400);
        assertThat(problem.get("code").asText()).isEqualTo("invalid-input");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("count");
        assertThat(problem.at("/errors/0/detail").asText()).contains("number");
    }

    @Test
    void aRuleOfTheModelBecomesAFieldError() throws Exception {
        var response = post("{\"name\":\"Fatima\",\"count\":0}");

        var problem = problem(response, 400);
        assertThat(problem.at("/errors/0/detail").asText()).isEqualTo("count must be at least 1");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        var response = post("{\"count\":3}");

        var problem = problem(response, 400);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("name");
        assertThat(problem.at("/errors/0/code").asText()).isEqualTo("required");
    }

    @Test
    void aQueryParameterThatDoesNotConvertIsA400NamingIt() throws Exception {
        var response = send(HttpRequest.newBuilder(server.uri().resolve("/greetings/repeat?times=lots")));

        var problem = problem(response, 400);
        assertThat(problem.get("code").asText()).isEqualTo("invalid-input");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("times");
    }

    @Test
    void anUnknownRouteIsA404Problem() throws Exception {
        var response = send(
                HttpRequest.newBuilder(server.uri().resolve("/no/such/thing")).GET());

        var problem = problem(response, 404);
        assertThat(problem.get("detail").asText()).isEqualTo("No resource at /no/such/thing");
        assertThat(problem.get("instance").asText()).isEqualTo("/no/such/thing");
    }

    @Test
    void aWrongMethodIsA405ProblemWithAllow() throws Exception {
        var response =
                send(HttpRequest.newBuilder(server.uri().resolve("/greetings")).DELETE());

        var problem = problem(response, 405);
        assertThat(problem.get("code").asText()).isEqualTo("method-not-allowed");
        assertThat(response.headers().firstValue("Allow").orElseThrow()).contains("POST");
    }

    @Test
    void anUnsupportedContentTypeIsA415Problem() throws Exception {
        var response = send(HttpRequest.newBuilder(server.uri().resolve("/greetings"))
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofString("a,b")));

        assertThat(problem(response, 415).get("code").asText()).isEqualTo("unsupported-media-type");
    }

    @Test
    void anOversizedBodyIsA413Problem() throws Exception {
        var response = post("{\"name\":\"" + "x".repeat(2000) + "\",\"count\":1}");

        assertThat(problem(response, 413).get("code").asText()).isEqualTo("payload-too-large");
    }

    @Test
    void anOversizedChunkedBodyIsA413ProblemToo() throws Exception {
        var bytes = ("{\"name\":\"" + "x".repeat(5000) + "\",\"count\":1}").getBytes(StandardCharsets.UTF_8);
        // A publisher with unknown length makes the JDK client send the body chunked, without Content-Length.
        var chunked = BodyPublishers.fromPublisher(new Flow.Publisher<java.nio.ByteBuffer>() {
            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                BodyPublishers.ofByteArray(bytes).subscribe(subscriber);
            }
        });
        var response = send(HttpRequest.newBuilder(server.uri().resolve("/greetings"))
                .header("Content-Type", "application/json")
                .POST(chunked));

        assertThat(problem(response, 413).get("code").asText()).isEqualTo("payload-too-large");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() throws Exception {
        var response = send(
                HttpRequest.newBuilder(server.uri().resolve("/greetings/boom")).header("X-Request-Id", "trace-me-123"));

        var problem = problem(response, 500);
        assertThat(response.body()).doesNotContain("secret internal state", "Exception", "at io.khidma");
        assertThat(problem.get("detail").asText()).contains("trace-me-123");
        assertThat(response.headers().firstValue("X-Request-Id")).contains("trace-me-123");
    }

    @Test
    void errorsGrizzlyAnswersItselfAreProblemsToo() throws Exception {
        try (var socket = new java.net.Socket(server.uri().getHost(), server.port())) {
            socket.getOutputStream()
                    .write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .doesNotContain("<html")
                    .doesNotContain("Exception");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
        }
    }

    @Test
    void titlesFollowAcceptLanguage() throws Exception {
        var response = send(
                HttpRequest.newBuilder(server.uri().resolve("/nothing")).header("Accept-Language", "ar-AE, en;q=0.5"));

        assertThat(problem(response, 404).get("title").asText()).isEqualTo("غير موجود");
        assertThat(response.headers().firstValue("Content-Language")).contains("ar");
    }

    @Test
    void anUnsafeIncomingRequestIdIsReplaced() throws Exception {
        var response = send(HttpRequest.newBuilder(server.uri().resolve("/health"))
                .header("X-Request-Id", "<script>alert(1)</script>"));

        assertThat(response.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f-]{36}");
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.uri().resolve("/greetings"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        var problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(URI.create(problem.get("type").asText())).hasScheme("https");
        return problem;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return KhidmaJson.mapper().readTree(response.body());
    }
}
