package io.khidma.core.server;

import io.khidma.core.problem.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Serves the API contracts ({@code GET /openapi/{name}.yaml}, from {@code META-INF/openapi/} on the
 * classpath) and Swagger UI over them ({@code GET /docs}, assets from the {@code
 * org.webjars:swagger-ui} jar). The page loads no inline script, so it runs under a strict
 * Content-Security-Policy.
 */
@Path("/")
public final class ApiDocsResource {

    private static final String SWAGGER_UI_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "swagger-ui.css", "text/css",
            "index.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "favicon-16x16.png", "image/png",
            "favicon-32x32.png", "image/png");

    private final List<String> specs;
    private final String swaggerUiRoot;

    /** @param specs the names of the specs to serve and list, e.g. {@code platform}, {@code catalogue} */
    public ApiDocsResource(List<String> specs) {
        this.specs = List.copyOf(specs);
        this.swaggerUiRoot = swaggerUiRoot();
    }

    @GET
    @Path("openapi/{name: [a-z][a-z0-9-]{0,40}}.yaml")
    @Produces("application/yaml")
    public Response spec(@PathParam("name") String name) {
        if (!specs.contains(name)) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No OpenAPI document named " + name);
        }
        return classpathResource("META-INF/openapi/" + name + ".yaml", "application/yaml");
    }

    @GET
    @Path("docs")
    @Produces(MediaType.TEXT_HTML)
    public String docs(@Context UriInfo uri) {
        requireSwaggerUi();
        var base = uri.getBaseUri().getRawPath();
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Khidma API documentation</title>
                  <link rel="stylesheet" href="%1$sdocs/swagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$sdocs/favicon-32x32.png">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sdocs/swagger-ui-bundle.js"></script>
                  <script src="%1$sdocs/swagger-ui-standalone-preset.js"></script>
                  <script src="%1$sdocs/khidma-init.js"></script>
                </body>
                </html>
                """.formatted(base);
    }

    @GET
    @Path("docs/khidma-init.js")
    @Produces("text/javascript")
    public String initializer(@Context UriInfo uri) {
        var base = uri.getBaseUri().getRawPath();
        var urls = specs.stream()
                .map(name -> "{url: '" + base + "openapi/" + name + ".yaml', name: '" + name + "'}")
                .collect(Collectors.joining(", "));
        return """
                window.ui = SwaggerUIBundle({
                  urls: [%s],
                  dom_id: '#swagger-ui',
                  deepLinking: true,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: 'StandaloneLayout'
                });
                """.formatted(urls);
    }

    @GET
    @Path("docs/{asset: [a-z0-9.-]{1,64}}")
    public Response asset(@PathParam("asset") String asset) {
        requireSwaggerUi();
        var type = ASSET_TYPES.get(asset);
        if (type == null) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No documentation asset named " + asset);
        }
        return classpathResource(swaggerUiRoot + asset, type);
    }

    private void requireSwaggerUi() {
        if (swaggerUiRoot == null) {
            throw ProblemException.of(
                    ProblemType.NOT_FOUND, "API documentation needs org.webjars:swagger-ui on the classpath");
        }
    }

    private static Response classpathResource(String path, String type) {
        InputStream in = ApiDocsResource.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "Not packaged: " + path);
        }
        var cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(in, type).cacheControl(cache).build();
    }

    private static String swaggerUiRoot() {
        try (InputStream in = ApiDocsResource.class.getClassLoader().getResourceAsStream(SWAGGER_UI_POM)) {
            if (in == null) {
                return null;
            }
            var pom = new Properties();
            pom.load(in);
            return "META-INF/resources/webjars/swagger-ui/" + pom.getProperty("version") + "/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
