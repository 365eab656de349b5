package io.khidma.spring.boot;

import com.nimbusds.jose.jwk.JWK;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.http.CircuitBreakerOptions;
import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.Transport;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.TokenProvider;
import io.khidma.opendata.OpenDataClient;
import io.khidma.payments.PaymentsClient;
import io.khidma.requests.RequestsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Khidma's clients from {@code khidma.*} ({@link KhidmaProperties}): one {@link Transport} they
 * share, the application's tokens when {@code khidma.client.id} is set, a client per API, and a
 * {@link WebhookVerifier} when {@code khidma.webhooks.secrets} is. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(KhidmaProperties.class)
public class KhidmaAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Transport khidmaTransport(
            KhidmaProperties properties, ObjectProvider<KhidmaTransportCustomizer> customizers) {
        var retry = properties.getRetry();
        var breaker = properties.getCircuitBreaker();
        var options = TransportOptions.builder()
                .applicationId(properties.getApplicationId())
                .connectTimeout(properties.getConnectTimeout())
                .readTimeout(properties.getReadTimeout())
                .retry(
                        retry.getMaxAttempts() <= 1
                                ? RetryOptions.none()
                                : RetryOptions.builder()
                                        .maxAttempts(retry.getMaxAttempts())
                                        .initialBackoff(retry.getInitialBackoff())
                                        .maxBackoff(retry.getMaxBackoff())
                                        .build())
                .circuitBreaker(CircuitBreakerOptions.builder()
                        .enabled(breaker.isEnabled())
                        .failureRateThreshold(breaker.getFailureRateThreshold())
                        .waitInOpenState(breaker.getWaitInOpenState())
                        .build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(options));
        return Transport.create(options.build());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(TokenProvider.class)
    @ConditionalOnProperty("khidma.client.id")
    public TokenProvider khidmaTokens(KhidmaProperties properties, Transport transport) {
        var client = properties.getClient();
        var issuer =
                properties.getIssuer() != null ? properties.getIssuer() : resolve(properties.getEndpoint(), "identity");
        return new AgencyTokens(issuer, authentication(client), client.getScopes(), transport);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CatalogueClient khidmaCatalogueClient(
            KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        return connect(CatalogueClient.builder(), properties, transport, tokens).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PaymentsClient khidmaPaymentsClient(
            KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        return connect(PaymentsClient.builder(), properties, transport, tokens).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public OpenDataClient khidmaOpenDataClient(
            KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        return connect(OpenDataClient.builder(), properties, transport, tokens).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RequestsClient khidmaRequestsClient(
            KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        return connect(RequestsClient.builder(), properties, transport, tokens).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WebhooksClient khidmaWebhooksClient(
            KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        return connect(WebhooksClient.builder(), properties, transport, tokens).build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("khidma.webhooks.secrets")
    public WebhookVerifier khidmaWebhookVerifier(KhidmaProperties properties) {
        var webhooks = properties.getWebhooks();
        return WebhookVerifier.of(
                        webhooks.getSecrets().stream().map(WebhookSecret::parse).toArray(WebhookSecret[]::new))
                .withTolerance(webhooks.getTolerance());
    }

    /** The transport's calls in the application's Micrometer registry, when it has one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class TransportMetrics {

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        KhidmaTransportCustomizer khidmaTransportMetrics(MeterRegistry registry) {
            return options -> options.meters(registry);
        }
    }

    private static <B extends ServiceClientBuilder<B>> B connect(
            B builder, KhidmaProperties properties, Transport transport, ObjectProvider<TokenProvider> tokens) {
        builder.endpoint(properties.getEndpoint()).transport(transport);
        tokens.ifAvailable(builder::credentials);
        return builder;
    }

    static ClientAuthentication authentication(KhidmaProperties.Client client) {
        var method = client.getAuthenticationMethod() != null
                ? client.getAuthenticationMethod()
                : client.getPrivateKey() != null
                        ? KhidmaProperties.AuthenticationMethod.PRIVATE_KEY_JWT
                        : KhidmaProperties.AuthenticationMethod.CLIENT_SECRET_BASIC;
        return switch (method) {
            case CLIENT_SECRET_BASIC -> ClientAuthentication.secretBasic(client.getId(), secret(client));
            case CLIENT_SECRET_POST -> ClientAuthentication.secretPost(client.getId(), secret(client));
            case PRIVATE_KEY_JWT -> ClientAuthentication.privateKeyJwt(client.getId(), privateKey(client));
        };
    }

    private static String secret(KhidmaProperties.Client client) {
        if (client.getSecret() == null || client.getSecret().isBlank()) {
            throw new IllegalStateException("khidma.client.secret is required for client " + client.getId());
        }
        return client.getSecret();
    }

    private static JWK privateKey(KhidmaProperties.Client client) {
        if (client.getPrivateKey() == null) {
            throw new IllegalStateException("khidma.client.private-key is required for private_key_jwt");
        }
        try (var in = client.getPrivateKey().getInputStream()) {
            return JWK.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(
                    "khidma.client.private-key is not a readable JWK: "
                            + client.getPrivateKey().getDescription(),
                    e);
        }
    }

    /** {@code path} under {@code base}, whether or not the base ends with a slash. */
    static URI resolve(URI base, String path) {
        var text = base.toString();
        return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
    }
}
