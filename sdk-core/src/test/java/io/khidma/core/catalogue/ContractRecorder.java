package io.khidma.core.catalogue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Records every catalogue response the server sends during the tests, then checks each against
 * {@code catalogue.yaml} with swagger-request-validator: the contract test.
 */
public final class ContractRecorder implements ContainerResponseFilter, WriterInterceptor {

    /** One response as the client saw it. */
    public record Interaction(String method, String path, int status, String contentType, String body) {}

    private static final String PROPERTY = "contract.interaction";

    private final List<Interaction> interactions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> pathPrefixes;

    public ContractRecorder(String... pathPrefixes) {
        this.pathPrefixes = List.of(pathPrefixes);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var path = "/" + request.getUriInfo().getPath();
        if (pathPrefixes.stream().noneMatch(path::startsWith)) {
            return;
        }
        var type =
                response.getMediaType() == null ? null : response.getMediaType().toString();
        var interaction = new Interaction(request.getMethod(), path, response.getStatus(), type, "");
        if (response.hasEntity()) {
            request.setProperty(PROPERTY, interaction);
            response.getHeaders().add("X-Contract-Recorded", "pending");
        } else {
            interactions.add(interaction);
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (context.getHeaders().remove("X-Contract-Recorded") == null) {
            context.proceed();
            return;
        }
        var original = context.getOutputStream();
        var copy = new ByteArrayOutputStream();
        context.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        });
        context.proceed();
        var pending = (Interaction) context.getProperty(PROPERTY);
        var body = copy.toByteArray();
        if ("gzip".equals(context.getHeaders().getFirst("Content-Encoding"))) {
            // The schema describes what was compressed, not the compressed bytes.
            try (var gunzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = gunzip.readAllBytes();
            }
        }
        interactions.add(new Interaction(
                pending.method(),
                pending.path(),
                pending.status(),
                pending.contentType(),
                new String(body, StandardCharsets.UTF_8)));
    }

    public List<Interaction> interactions() {
        synchronized (interactions) {
            return List.copyOf(interactions);
        }
    }

    /** Every recorded response that breaks the spec, with the validator's messages. */
    public List<String> violations(Path spec) {
        var validator = OpenApiInteractionValidator.createForSpecificationUrl(
                        spec.toUri().toString())
                .build();
        var violations = new ArrayList<String>();
        for (var interaction : interactions()) {
            var response = SimpleResponse.Builder.status(interaction.status())
                    .withContentType(interaction.contentType())
                    .withBody(interaction.body())
                    .build();
            var report = validator.validateResponse(
                    interaction.path(),
                    Request.Method.valueOf(interaction.method().toUpperCase(Locale.ROOT)),
                    response);
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR) {
                    violations.add(interaction.method() + " " + interaction.path() + " " + interaction.status() + ": "
                            + message.getMessage());
                }
            }
        }
        return violations;
    }
}
