package io.khidma.core.events;

import static io.khidma.core.http.ServiceConnection.query;

import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.SecretRotation;
import io.khidma.core.events.model.WebhookDelivery;
import io.khidma.core.events.model.WebhookDeliveryPage;
import io.khidma.core.events.model.WebhookEndpoint;
import io.khidma.core.events.model.WebhookEndpointList;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The webhooks API: where the platform delivers an agency's events, payments and service requests
 * alike. Thread-safe; build one per endpoint and credentials (an agency client with scope {@code
 * webhooks:write}).
 *
 * <pre>{@code
 * try (var webhooks = WebhooksClient.builder().endpoint(api).credentials(agencyTokens).build()) {
 *     var endpoint = webhooks.create(NewWebhookEndpoint.of(URI.create("https://hooks.rta.example/khidma"),
 *             WebhookEventType.PAYMENT_CAPTURED, WebhookEventType.REQUEST_SUBMITTED));
 *     secrets.store(endpoint.secret());   // shown once; verify deliveries with WebhookVerifier
 * }
 * }</pre>
 */
public final class WebhooksClient implements AutoCloseable {

    private final ServiceConnection connection;

    private WebhooksClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers an endpoint of the credentials' agency. Keep {@link WebhookEndpoint#secret()}: it is shown once. */
    public WebhookEndpoint create(NewWebhookEndpoint endpoint) {
        return send(ApiRequest.post(connection.uri("webhooks").build())
                        .json(Objects.requireNonNull(endpoint, "endpoint")))
                .body(WebhookEndpoint.class);
    }

    /** The agency's endpoints, without their secrets. */
    public List<WebhookEndpoint> list() {
        return send(ApiRequest.get(connection.uri("webhooks").build()))
                .body(WebhookEndpointList.class)
                .items();
    }

    /** @throws io.khidma.core.problem.NotFoundException when there is no such endpoint of the agency */
    public WebhookEndpoint get(UUID id) {
        return send(ApiRequest.get(endpoint(id).build())).body(WebhookEndpoint.class);
    }

    /** A new signing secret; the old one keeps signing beside it for {@code overlap}. */
    public WebhookEndpoint rotateSecret(UUID id, Duration overlap) {
        return send(ApiRequest.post(endpoint(id).path("rotate-secret").build())
                        .json(new SecretRotation(overlap.toSeconds())))
                .body(WebhookEndpoint.class);
    }

    /** Stops delivering to the endpoint; its pending deliveries are dropped. */
    public void delete(UUID id) {
        send(ApiRequest.delete(endpoint(id).build()));
    }

    /** Deliveries to an endpoint, newest first, each with its attempts. */
    public PagedIterable<WebhookDelivery> deliveries(UUID id) {
        return new PagedIterable<>(cursor -> {
            var uri = endpoint(id).path("deliveries");
            query(uri, "cursor", cursor);
            var page = send(ApiRequest.get(uri.build())).body(WebhookDeliveryPage.class);
            return new Page<>(page.items(), page.next());
        });
    }

    @Override
    public void close() {
        connection.close();
    }

    private UriBuilder endpoint(UUID id) {
        return connection.uri("webhooks").path(Objects.requireNonNull(id, "id").toString());
    }

    private ApiResponse send(ApiRequest.Builder request) {
        return connection.send(request);
    }

    /** Builds a {@link WebhooksClient}. */
    public static final class Builder extends ServiceClientBuilder<Builder> {

        private Builder() {}

        public WebhooksClient build() {
            return new WebhooksClient(connection(Map.of()));
        }
    }
}
