package io.khidma.core.audit;

import static io.khidma.core.http.ServiceConnection.query;

import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.AuditPage;
import io.khidma.core.audit.model.Checkpoint;
import io.khidma.core.audit.model.CheckpointList;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit trail API, for auditors: entries (scope {@code audit:read} for an agency's,
 * {@code audit:read:all} for every one), a CSV export, and the public signed checkpoints. {@link
 * AuditVerifier} checks what it downloads.
 *
 * <pre>{@code
 * try (var audit = AuditClient.builder().endpoint(api).credentials(auditorTokens).build()) {
 *     var checkpoints = audit.checkpoints();
 *     var report = AuditVerifier.verify(audit.entries(AuditQuery.all()), checkpoints.items(), pinnedKey);
 * }
 * }</pre>
 */
public final class AuditClient implements AutoCloseable {

    private final ServiceConnection connection;

    private AuditClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The matching entries in trail order, fetched a page at a time as iteration proceeds. */
    public PagedIterable<AuditEntry> entries(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(cursor -> {
            var uri = filtered(query);
            query(uri, "limit", "1000");
            query(uri, "cursor", cursor);
            var page = connection.send(ApiRequest.get(uri.build())).body(AuditPage.class);
            return new Page<>(page.items(), page.next());
        });
    }

    /** Writes every matching entry to {@code target} as CSV; returns the file. */
    public Path exportCsv(AuditQuery query, Path target) {
        var uri = filtered(Objects.requireNonNull(query, "query"));
        query(uri, "format", "csv");
        var partial = target.resolveSibling(target.getFileName() + ".part");
        try (var response = connection.stream(ApiRequest.get(uri.build()).accept("text/csv"))) {
            Files.copy(response.body(), partial, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Every checkpoint, oldest first, with the origin and verifier key the server says it signs with. */
    public CheckpointList checkpoints() {
        var items = new ArrayList<Checkpoint>();
        String cursor = null;
        CheckpointList page;
        do {
            var uri = connection.uri("audit/checkpoints");
            query(uri, "limit", "1000");
            query(uri, "cursor", cursor);
            page = connection.send(ApiRequest.get(uri.build())).body(CheckpointList.class);
            items.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return new CheckpointList(page.origin(), page.verifierKey(), List.copyOf(items), null);
    }

    private UriBuilder filtered(AuditQuery query) {
        var uri = connection.uri("audit");
        query(uri, "agency", query.agency());
        query(uri, "action", query.action());
        query(uri, "resource_type", query.resourceType());
        query(uri, "resource_id", query.resourceId());
        query(uri, "from", query.from() == null ? null : query.from().toString());
        query(uri, "to", query.to() == null ? null : query.to().toString());
        return uri;
    }

    @Override
    public void close() {
        connection.close();
    }

    public static final class Builder extends ServiceClientBuilder<Builder> {
        private Builder() {}

        public AuditClient build() {
            return new AuditClient(connection(Map.of()));
        }
    }
}
