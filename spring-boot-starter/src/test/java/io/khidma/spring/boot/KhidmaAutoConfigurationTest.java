package io.khidma.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.events.InvalidWebhookException;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookSigner;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.http.Transport;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.TokenProvider;
import io.khidma.opendata.OpenDataClient;
import io.khidma.payments.PaymentsClient;
import io.khidma.requests.RequestsClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the starter makes of khidma.* properties, in a context without a web server. */
class KhidmaAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    KhidmaAutoConfiguration.class,
                    KhidmaWebhooksAutoConfiguration.class,
                    KhidmaHealthAutoConfiguration.class));

    @Test
    void withoutPropertiesEveryClientIsThereAnonymousAndSharesOneTransport() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Transport.class);
            assertThat(context)
                    .hasSingleBean(CatalogueClient.class)
                    .hasSingleBean(PaymentsClient.class)
                    .hasSingleBean(OpenDataClient.class)
                    .hasSingleBean(RequestsClient.class)
                    .hasSingleBean(WebhooksClient.class)
                    .hasSingleBean(KhidmaHealthIndicator.class);
            assertThat(context).doesNotHaveBean(TokenProvider.class).doesNotHaveBean(WebhookVerifier.class);
        });
    }

    @Test
    void aClientIdAndSecretMakeTheApplicationsTokens() {
        runner.withPropertyValues(
                        "khidma.endpoint=https://api.khidma.example",
                        "khidma.client.id=rta-portal",
                        "khidma.client.secret=s3cret",
                        "khidma.client.scopes=payments:write,catalogue:read")
                .run(context -> {
                    assertThat(context).hasSingleBean(TokenProvider.class);
                    assertThat(context.getBean(TokenProvider.class).toString())
                            .contains("SecretBasic[clientId=rta-portal, secret=<redacted>]")
                            .contains("https://api.khidma.example/identity")
                            .doesNotContain("s3cret");
                    assertThat(context.getBean(KhidmaProperties.class)
                                    .getClient()
                                    .toString())
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void theAuthenticationMethodIsChosenFromWhatIsConfigured() {
        var post = new KhidmaProperties.Client();
        post.setId("reader");
        post.setSecret("s");
        post.setAuthenticationMethod(KhidmaProperties.AuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(KhidmaAutoConfiguration.authentication(post)).isInstanceOf(ClientAuthentication.SecretPost.class);

        var keyless = new KhidmaProperties.Client();
        keyless.setId("dubai-finance");
        keyless.setAuthenticationMethod(KhidmaProperties.AuthenticationMethod.PRIVATE_KEY_JWT);
        assertThatThrownBy(() -> KhidmaAutoConfiguration.authentication(keyless))
                .hasMessageContaining("khidma.client.private-key");
    }

    @Test
    void aClientWithoutItsSecretStopsTheApplicationWithTheReason() {
        runner.withPropertyValues("khidma.client.id=rta-portal").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("khidma.client.secret is required"));
    }

    @Test
    void webhookSecretsMakeAVerifierThatAcceptsTheCurrentAndThePreviousSecret() {
        var current = WebhookSecret.generate();
        var previous = WebhookSecret.generate();
        runner.withPropertyValues("khidma.webhooks.secrets=" + current.encoded() + "," + previous.encoded())
                .run(context -> {
                    var verifier = context.getBean(WebhookVerifier.class);
                    var body = "{\"type\":\"payment.succeeded\"}".getBytes(StandardCharsets.UTF_8);
                    for (var secret : List.of(current, previous)) {
                        var headers = new WebhookSigner(List.of(secret)).headers("msg_1", Instant.now(), body);
                        assertThat(verifier.verify(multi(headers), body).bodyAsString())
                                .contains("payment.succeeded");
                    }
                    var forged =
                            new WebhookSigner(List.of(WebhookSecret.generate())).headers("msg_2", Instant.now(), body);
                    assertThatThrownBy(() -> verifier.verify(multi(forged), body))
                            .isInstanceOf(InvalidWebhookException.class);
                });
    }

    @Test
    void anApplicationsOwnBeansWin() {
        runner.withUserConfiguration(OwnPayments.class).run(context -> assertThat(context.getBean(PaymentsClient.class))
                .isSameAs(context.getBean(OwnPayments.class).payments));
    }

    @Test
    void theHealthIndicatorIsDownWhileKhidmaIsUnreachable() {
        runner.withPropertyValues("khidma.endpoint=http://127.0.0.1:9/", "khidma.retry.max-attempts=1")
                .run(context -> {
                    var health = context.getBean(KhidmaHealthIndicator.class).health();
                    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(health.getDetails()).containsKey("error");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPayments {
        final PaymentsClient payments = PaymentsClient.builder()
                .endpoint(java.net.URI.create("http://127.0.0.1:1/"))
                .build();

        @Bean
        PaymentsClient myPayments() {
            return payments;
        }
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }
}
