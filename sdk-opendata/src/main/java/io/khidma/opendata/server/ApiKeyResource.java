package io.khidma.opendata.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ProblemException;
import io.khidma.opendata.model.NewApiKey;
import io.khidma.opendata.server.api.KeysApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.UUID;

/** API keys for open-data readers: implements the {@code keys} interface generated from {@code opendata.yaml}. */
@Path("/")
public final class ApiKeyResource implements KeysApi {

    private final ApiKeys keys;

    @Context
    private SecurityContext security;

    ApiKeyResource(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Response issueApiKey(NewApiKey newApiKey) {
        var issued = keys.issue(KhidmaPrincipal.of(security), ProblemException.requireBody(newApiKey));
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @Override
    public Response revokeApiKey(UUID keyId) {
        keys.revoke(KhidmaPrincipal.of(security), keyId);
        return Response.noContent().build();
    }
}
