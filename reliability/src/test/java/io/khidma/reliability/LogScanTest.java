package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.problem.KhidmaException;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.examples.sandbox.SandboxJourney;
import io.khidma.opendata.OpenDataClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's whole demo journey (login, payments on the hosted page, refunds, webhooks, open
 * data, API keys) plus failed logins and forged tokens, with Khidma's loggers at DEBUG: then every
 * line logged in this JVM is searched for the secrets that went by. None may be there.
 */
class LogScanTest {

    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{16,}");
    static final Pattern API_KEY = Pattern.compile("kod_[A-Za-z0-9_-]{16,}");
    static final Pattern CARD = Pattern.compile("4242[ -]?4242[ -]?4242[ -]?4242|4000[ -]?0000[ -]?0000[ -]?0002");

    @Test
    void noSecretTokenKeyOrCardNumberIsEverLogged(@TempDir Path data) throws Exception {
        var secrets = new ArrayList<String>();
        var identities = SandboxIdentities.load();
        identities.clients().forEach(client -> secrets.add(client.secret()));
        try (var sandbox = Sandbox.start(data)) {
            var console = new ByteArrayOutputStream();
            boolean journey =
                    new SandboxJourney(sandbox.uri(), new PrintStream(console, true, StandardCharsets.UTF_8)).run();
            assertThat(journey).as(console.toString(StandardCharsets.UTF_8)).isTrue();

            var rta = identities.clients().get(0);
            try (var tokens = Examples.agencyTokens(sandbox.uri(), rta.clientId());
                    var webhooks = WebhooksClient.builder()
                            .endpoint(sandbox.uri())
                            .credentials(tokens)
                            .build();
                    var openData = OpenDataClient.builder()
                            .endpoint(sandbox.uri())
                            .credentials(tokens)
                            .build()) {
                secrets.add(tokens.token().value());
                var endpoint = webhooks.create(NewWebhookEndpoint.of(
                        URI.create("http://127.0.0.1:9/hooks"), WebhookEventType.PAYMENT_CAPTURED));
                if (endpoint.secret() != null) {
                    secrets.add(endpoint.secret());
                }
                secrets.add(openData.issueApiKey("log scan").key());
            }
            try (var wrong = ClientCredentialsTokenProvider.builder()
                    .tokenEndpoint(sandbox.uri().resolve("/identity/token"))
                    .clientAuthentication(ClientAuthentication.secretBasic(rta.clientId(), "not-the-secret-zX81"))
                    .build()) {
                secrets.add("not-the-secret-zX81");
                wrong.token();
            } catch (KhidmaException expected) {
                // refused, as it should be
            }
            var http = HttpClient.newHttpClient();
            var forged = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJmb3JnZWQtc3ViamVjdC0xMjMifQ.c2lnbmF0dXJlLW5vdC12YWxpZA";
            secrets.add(forged);
            http.send(
                    HttpRequest.newBuilder(sandbox.uri().resolve("/payments"))
                            .header("Authorization", "Bearer " + forged)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        // The key that seals webhook secrets at rest, which the sandbox keeps beside its data.
        secrets.add(Files.readString(data.resolve("webhook-keys")).strip());

        assertThat(CapturedLogs.lines()).as("the scan read something").hasSizeGreaterThan(20);
        assertThat(CapturedLogs.jsonLines()).hasSameSizeAs(CapturedLogs.lines());
        scan("text", String.join("\n", CapturedLogs.lines()), secrets);
        scan("JSON", String.join("\n", CapturedLogs.jsonLines()), secrets);
    }

    private static void scan(String format, String logs, List<String> secrets) {
        for (var secret : secrets) {
            assertThat(logs)
                    .as("a secret or token of %d characters in the %s logs", secret.length(), format)
                    .doesNotContain(secret);
        }
        assertThat(JWT.matcher(logs).find()).as("a JWT in the %s logs", format).isFalse();
        assertThat(WEBHOOK_SECRET.matcher(logs).find())
                .as("a webhook secret in the %s logs", format)
                .isFalse();
        assertThat(API_KEY.matcher(logs).find())
                .as("an API key in the %s logs", format)
                .isFalse();
        assertThat(CARD.matcher(logs).find())
                .as("a card number in the %s logs", format)
                .isFalse();
        assertThat(logs).doesNotContainIgnoringCase("authorization: bearer");
    }
}
