package io.khidma.core.audit.server;

import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.audit.model.AuditPage;
import io.khidma.core.audit.model.CheckpointList;
import io.khidma.core.audit.server.api.AuditApi;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /audit} for auditors and {@code GET /audit/checkpoints} for anyone: an agency's auditor
 * ({@value #READ}) sees the entries concerning its agency, the platform's ({@value #READ_ALL})
 * every entry; a CSV carries every matching entry.
 */
@Path("/")
final class AuditResource implements AuditApi {

    static final String READ = "audit:read";
    static final String READ_ALL = "audit:read:all";

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");
    private static final MediaType CSV = new MediaType("text", "csv", "UTF-8");

    private final Jdbi jdbi;
    private final AuditStore store;
    private final AuditCheckpoints checkpoints;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    AuditResource(Jdbi jdbi, AuditStore store, AuditCheckpoints checkpoints) {
        this.jdbi = jdbi;
        this.store = store;
        this.checkpoints = checkpoints;
    }

    @Override
    public Response listAuditEntries(
            String agency,
            String action,
            String resourceType,
            String resourceId,
            OffsetDateTime from,
            OffsetDateTime to,
            Integer limit,
            String cursor,
            String format) {
        var caller = KhidmaPrincipal.of(security);
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "The audit trail needs a bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
        if (!caller.hasScope(READ_ALL)) {
            if (!caller.hasScope(READ) || caller.agencyId() == null) {
                throw ProblemException.of(
                        ProblemType.INSUFFICIENT_SCOPE,
                        "Reading the audit trail needs scope " + READ + " or " + READ_ALL);
            }
            if (agency != null && !agency.equals(caller.agencyId())) {
                throw ProblemException.of(
                        ProblemType.FORBIDDEN, "An agency's auditor sees only its own agency's entries");
            }
            agency = caller.agencyId();
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        var filter = new AuditStore.Filter(
                agency,
                action,
                resourceType,
                resourceId,
                from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(),
                seq(cursor));
        if ("csv".equals(format) || (format == null && wantsCsv())) {
            return Response.ok((StreamingOutput) out -> writeCsv(filter, out), CSV)
                    .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .build();
        }
        var rows = jdbi.withHandle(h -> store.page(h, filter, size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        var next = rows.size() > size ? String.valueOf(page.get(page.size() - 1).seq()) : null;
        return Response.ok(new AuditPage(page, next)).build();
    }

    @Override
    public Response listAuditCheckpoints(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        var rows = jdbi.withHandle(h -> store.checkpoints(h, seq(cursor), size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        var next = rows.size() > size ? String.valueOf(page.get(page.size() - 1).size()) : null;
        return Response.ok(new CheckpointList(checkpoints.origin(), checkpoints.verifierKey(), page, next))
                .build();
    }

    private boolean wantsCsv() {
        var accepted = headers.getAcceptableMediaTypes();
        return !accepted.isEmpty()
                && accepted.get(0).isCompatible(CSV)
                && !accepted.get(0).isWildcardType();
    }

    private static long seq(String cursor) {
        if (cursor == null) {
            return 0;
        }
        if (!CURSOR.matcher(cursor).matches()) {
            throw ProblemException.invalid("cursor", "is not a cursor this server gave");
        }
        return Long.parseLong(cursor);
    }

    /** Every matching entry, a page at a time, each page in its own short read. */
    private void writeCsv(AuditStore.Filter filter, java.io.OutputStream out) throws java.io.IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write("seq,at,action,resource_type,resource_id,agencies,subject,client_id,on_behalf_of,"
                + "request_id,address,before_digest,after_digest,hash\r\n");
        long after = filter.afterSeq();
        while (true) {
            var next = new AuditStore.Filter(
                    filter.agency(),
                    filter.action(),
                    filter.resourceType(),
                    filter.resourceId(),
                    filter.from(),
                    filter.to(),
                    after);
            var rows = jdbi.withHandle(h -> store.page(h, next, MAX_LIMIT));
            for (var entry : rows) {
                writer.write(row(entry));
            }
            if (rows.size() < MAX_LIMIT) {
                break;
            }
            after = rows.get(rows.size() - 1).seq();
        }
        writer.flush();
    }

    private static String row(AuditEntry e) {
        return String.join(
                        ",",
                        List.of(
                                String.valueOf(e.seq()),
                                e.at().toString(),
                                cell(e.action()),
                                cell(e.resourceType()),
                                cell(e.resourceId()),
                                cell(String.join(" ", e.agencies())),
                                cell(e.subject()),
                                cell(e.clientId()),
                                cell(e.onBehalfOf()),
                                cell(e.requestId()),
                                cell(e.address()),
                                cell(e.beforeDigest()),
                                cell(e.afterDigest()),
                                e.hash()))
                + "\r\n";
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets show text. */
    private static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        var text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                ? "\"" + text.replace("\"", "\"\"") + "\""
                : text;
    }
}
