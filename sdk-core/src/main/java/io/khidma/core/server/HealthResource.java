package io.khidma.core.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/** Liveness ({@code GET /health}) and readiness ({@code GET /health/ready}, which checks the database). */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private static final Duration DATABASE_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;

    /** @param database the database readiness depends on, or {@code null} when the server has none */
    public HealthResource(Database database) {
        this.database = database;
    }

    @GET
    public Health live() {
        return new Health(Health.UP, Map.of());
    }

    @GET
    @Path("ready")
    public Response ready() {
        if (database == null) {
            return Response.ok(new Health(Health.UP, Map.of())).build();
        }
        boolean up = database.isReady(DATABASE_CHECK_TIMEOUT);
        var health = new Health(up ? Health.UP : Health.DOWN, Map.of("database", up ? Health.UP : Health.DOWN));
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(health)
                .build();
    }
}
