package io.khidma.core.events.server;

import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.SecretRotation;
import io.khidma.core.events.model.WebhookEndpointList;
import io.khidma.core.events.server.api.WebhooksApi;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ProblemException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** The webhooks API of {@code events.yaml}: parse, call {@link WebhookEndpoints}, answer. */
@Path("/")
final class WebhooksResource implements WebhooksApi {

    private final WebhookEndpoints webhooks;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uri;

    WebhooksResource(WebhookEndpoints webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public Response createWebhookEndpoint(NewWebhookEndpoint newWebhookEndpoint, String idempotencyKey) {
        var endpoint = webhooks.register(caller(), ProblemException.requireBody(newWebhookEndpoint));
        return Response.created(uri.getBaseUriBuilder()
                        .path("webhooks")
                        .path(endpoint.id().toString())
                        .build())
                .entity(endpoint)
                .build();
    }

    @Override
    public Response listWebhookEndpoints() {
        return Response.ok(new WebhookEndpointList(webhooks.list(caller()))).build();
    }

    @Override
    public Response getWebhookEndpoint(UUID id) {
        return Response.ok(webhooks.get(caller(), id)).build();
    }

    @Override
    public Response deleteWebhookEndpoint(UUID id) {
        webhooks.delete(caller(), id);
        return Response.noContent().build();
    }

    @Override
    public Response rotateWebhookSecret(UUID id, String idempotencyKey, SecretRotation secretRotation) {
        var rotation = secretRotation == null ? new SecretRotation(null) : secretRotation;
        return Response.ok(webhooks.rotate(caller(), id, rotation)).build();
    }

    @Override
    public Response listWebhookDeliveries(UUID id, Integer limit, String cursor) {
        return Response.ok(webhooks.deliveries(caller(), id, limit, cursor)).build();
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }
}
