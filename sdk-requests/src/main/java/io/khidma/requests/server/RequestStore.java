package io.khidma.requests.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.json.KhidmaJson;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.SlaState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of service requests, their events and attachments, and journey applications. */
final class RequestStore {

    /** A request as stored. */
    record Row(
            UUID id,
            String number,
            UUID serviceId,
            String serviceCode,
            String agencyId,
            String citizen,
            String submittedBy,
            ChannelType channel,
            String language,
            RequestStatus status,
            boolean awaitingPayment,
            UUID paymentId,
            JsonNode data,
            JsonNode inputs,
            JsonNode outputs,
            String assignedTo,
            Long slaSeconds,
            Instant dueAt,
            Instant pausedAt,
            UUID journeyId,
            String stepKey,
            Integer rating,
            Instant submittedAt,
            Instant createdAt,
            Instant updatedAt) {

        /** A copy to change the mutable columns of, then {@link Edit#done()}. */
        Edit edit() {
            return new Edit(this);
        }
    }

    /** The columns of a request that change after it is made. */
    static final class Edit {
        private final Row row;
        RequestStatus status;
        boolean awaitingPayment;
        UUID paymentId;
        JsonNode data;
        JsonNode inputs;
        JsonNode outputs;
        String assignedTo;
        Long slaSeconds;
        Instant dueAt;
        Instant pausedAt;
        Integer rating;
        Instant submittedAt;

        private Edit(Row row) {
            this.row = row;
            status = row.status();
            awaitingPayment = row.awaitingPayment();
            paymentId = row.paymentId();
            data = row.data();
            inputs = row.inputs();
            outputs = row.outputs();
            assignedTo = row.assignedTo();
            slaSeconds = row.slaSeconds();
            dueAt = row.dueAt();
            pausedAt = row.pausedAt();
            rating = row.rating();
            submittedAt = row.submittedAt();
        }

        Row done(Instant now) {
            return new Row(
                    row.id(),
                    row.number(),
                    row.serviceId(),
                    row.serviceCode(),
                    row.agencyId(),
                    row.citizen(),
                    row.submittedBy(),
                    row.channel(),
                    row.language(),
                    status,
                    awaitingPayment,
                    paymentId,
                    data,
                    inputs,
                    outputs,
                    assignedTo,
                    slaSeconds,
                    dueAt,
                    pausedAt,
                    row.journeyId(),
                    row.stepKey(),
                    rating,
                    submittedAt,
                    row.createdAt(),
                    now);
        }
    }

    /** One recorded change. */
    record Event(UUID requestId, String type, RequestStatus status, String actor, String note, Instant at) {}

    /** A stored journey application. */
    record JourneyRow(
            UUID id,
            String number,
            String journeyCode,
            String titleAr,
            String titleEn,
            String citizen,
            String submittedBy,
            JsonNode steps,
            JsonNode consent,
            UUID paymentId,
            Instant createdAt) {}

    /** A stored document, without its content. */
    record DocumentRow(
            UUID id, String owner, String mediaType, long size, String sha256, String filename, Instant createdAt) {}

    /** The inbox's filters; {@code null} means any. */
    record InboxFilter(
            Collection<String> agencies,
            RequestStatus status,
            UUID service,
            ChannelType channel,
            SlaState sla,
            String assignedTo,
            Instant afterDue,
            UUID afterId) {}

    /** The statuses of a request an agency still has to act on. */
    static final List<RequestStatus> OPEN_STATUSES = List.of(
            RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.INFO_REQUESTED, RequestStatus.APPROVED);

    // Enum names only, never input: safe to write into the SQL.
    private static final String OPEN =
            OPEN_STATUSES.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    /** How many open requests are in a status, within or past their service level. */
    record OpenCount(RequestStatus status, boolean breached, long count) {}

    List<OpenCount> openCounts(Handle h, Instant now) {
        return h.createQuery("""
                        SELECT status, coalesce(due_at < :now, false) AS breached, count(*) AS n
                          FROM requests_request
                         WHERE status IN %s
                         GROUP BY 1, 2
                        """.formatted(OPEN))
                .bind("now", utc(now))
                .map((rs, ctx) -> new OpenCount(
                        RequestStatus.valueOf(rs.getString("status")), rs.getBoolean("breached"), rs.getLong("n")))
                .list();
    }

    /**
     * Takes {@code counts.get(prefix)} numbers of each prefix in the year in one statement, the
     * counters locked in prefix order, and returns each prefix's last number; the row locks order
     * concurrent callers.
     */
    Map<String, Long> nextNumbers(Handle h, SortedMap<String, Integer> counts, int year) {
        var rows = new ArrayList<String>();
        for (int i = 0; i < counts.size(); i++) {
            rows.add("(:prefix" + i + ", :year, :count" + i + ")");
        }
        var query = h.createQuery("""
                INSERT INTO requests_counter (prefix, year, last) VALUES %s
                ON CONFLICT (prefix, year) DO UPDATE SET last = requests_counter.last + EXCLUDED.last
                RETURNING prefix, last
                """.formatted(String.join(", ", rows))).bind("year", year);
        int i = 0;
        for (var count : counts.entrySet()) {
            query.bind("prefix" + i, count.getKey())
                    .bind("count" + i, count.getValue().longValue());
            i++;
        }
        return query.map((rs, ctx) -> Map.entry(rs.getString("prefix"), rs.getLong("last"))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static final String INSERT_REQUEST = """
            INSERT INTO requests_request (id, number, service_id, service_code, agency_id, citizen,
                submitted_by, channel, language, status, awaiting_payment, payment_id, data, inputs,
                sla_seconds, due_at, journey_id, step_key, idempotency_key, submitted_at, created_at,
                updated_at)
            VALUES (:id, :number, :service, :code, :agency, :citizen, :by, :channel, :language, :status,
                :awaiting, CAST(:payment AS uuid), CAST(:data AS jsonb), CAST(:inputs AS jsonb),
                CAST(:sla AS bigint), CAST(:due AS timestamptz), CAST(:journey AS uuid), :step, :key,
                CAST(:submitted AS timestamptz), :created, :created)
            """;

    void insert(Handle h, Row row, String idempotencyKey) {
        bindRequest(h.createUpdate(INSERT_REQUEST), row, idempotencyKey).execute();
    }

    /** Inserts the rows (none with an idempotency key) in one round trip. */
    void insertAll(Handle h, List<Row> rows) {
        var batch = h.prepareBatch(INSERT_REQUEST);
        for (var row : rows) {
            bindRequest(batch, row, null).add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bindRequest(S statement, Row row, String idempotencyKey) {
        return statement
                .bind("id", row.id())
                .bind("number", row.number())
                .bind("service", row.serviceId())
                .bind("code", row.serviceCode())
                .bind("agency", row.agencyId())
                .bind("citizen", row.citizen())
                .bind("by", row.submittedBy())
                .bind("channel", row.channel().name())
                .bind("language", row.language())
                .bind("status", row.status().name())
                .bind("awaiting", row.awaitingPayment())
                .bind("payment", row.paymentId())
                .bind("data", json(row.data()))
                .bind("inputs", json(row.inputs()))
                .bind("sla", row.slaSeconds())
                .bind("due", utc(row.dueAt()))
                .bind("journey", row.journeyId())
                .bind("step", row.stepKey())
                .bind("key", idempotencyKey)
                .bind("submitted", utc(row.submittedAt()))
                .bind("created", utc(row.createdAt()));
    }

    Optional<Row> find(Handle h, String number) {
        return h.createQuery("SELECT * FROM requests_request WHERE number = :number")
                .bind("number", number)
                .map(RequestStore::row)
                .findOne();
    }

    Optional<Row> findByKey(Handle h, String submittedBy, String key) {
        return h.createQuery("SELECT * FROM requests_request WHERE submitted_by = :by AND idempotency_key = :key")
                .bind("by", submittedBy)
                .bind("key", key)
                .map(RequestStore::row)
                .findOne();
    }

    /** The request, locked until the transaction ends. */
    Optional<Row> lock(Handle h, String number) {
        return h.createQuery("SELECT * FROM requests_request WHERE number = :number FOR UPDATE")
                .bind("number", number)
                .map(RequestStore::row)
                .findOne();
    }

    /** Writes every mutable column of a request. */
    void update(Handle h, Row row, Instant now) {
        h.createUpdate("""
                        UPDATE requests_request
                           SET status = :status, awaiting_payment = :awaiting, payment_id = CAST(:payment AS uuid),
                               data = CAST(:data AS jsonb),
                               inputs = CAST(:inputs AS jsonb), outputs = CAST(:outputs AS jsonb),
                               assigned_to = :assigned, sla_seconds = CAST(:sla AS bigint),
                               due_at = CAST(:due AS timestamptz), paused_at = CAST(:paused AS timestamptz),
                               rating = CAST(:rating AS integer),
                               submitted_at = CAST(:submitted AS timestamptz), updated_at = :now
                         WHERE id = :id
                        """)
                .bind("id", row.id())
                .bind("status", row.status().name())
                .bind("awaiting", row.awaitingPayment())
                .bind("payment", row.paymentId())
                .bind("data", json(row.data()))
                .bind("inputs", json(row.inputs()))
                .bind("outputs", json(row.outputs()))
                .bind("assigned", row.assignedTo())
                .bind("sla", row.slaSeconds())
                .bind("due", utc(row.dueAt()))
                .bind("paused", utc(row.pausedAt()))
                .bind("rating", row.rating())
                .bind("submitted", utc(row.submittedAt()))
                .bind("now", utc(now))
                .execute();
    }

    private static final String INSERT_EVENT = """
            INSERT INTO requests_event (request_id, type, status, actor, note, at)
            VALUES (:request, :type, :status, :actor, :note, :at)
            """;

    void addEvent(Handle h, Event event) {
        bindEvent(h.createUpdate(INSERT_EVENT), event).execute();
    }

    /** Adds the events in one round trip. */
    void addEvents(Handle h, List<Event> events) {
        var batch = h.prepareBatch(INSERT_EVENT);
        for (var event : events) {
            bindEvent(batch, event).add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bindEvent(S statement, Event event) {
        return statement
                .bind("request", event.requestId())
                .bind("type", event.type())
                .bind("status", event.status().name())
                .bind("actor", event.actor())
                .bind("note", event.note())
                .bind("at", utc(event.at()));
    }

    /** The events of these requests, oldest first. */
    List<Event> events(Handle h, Collection<UUID> requestIds) {
        return h.createQuery("""
                        SELECT * FROM requests_event WHERE request_id = ANY(:ids) ORDER BY at, sequence
                        """)
                .bindArray("ids", UUID.class, requestIds.toArray())
                .map((rs, ctx) -> new Event(
                        rs.getObject("request_id", UUID.class),
                        rs.getString("type"),
                        RequestStatus.valueOf(rs.getString("status")),
                        rs.getString("actor"),
                        rs.getString("note"),
                        instant(rs, "at")))
                .list();
    }

    void attach(Handle h, UUID requestId, DocumentRef document, boolean output, Instant now) {
        h.createUpdate("""
                        INSERT INTO requests_attachment (request_id, document_id, kind, output, attached_at)
                        VALUES (:request, :document, :kind, :output, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("request", requestId)
                .bind("document", document.documentId())
                .bind("kind", document.kind())
                .bind("output", output)
                .bind("now", utc(now))
                .execute();
    }

    List<DocumentRef> attachments(Handle h, UUID requestId, boolean output) {
        return h.createQuery("""
                        SELECT kind, document_id FROM requests_attachment
                         WHERE request_id = :request AND output = :output ORDER BY attached_at, kind
                        """)
                .bind("request", requestId)
                .bind("output", output)
                .map((rs, ctx) -> new DocumentRef(rs.getString("kind"), rs.getObject("document_id", UUID.class)))
                .list();
    }

    /** A citizen's requests, newest first, after the keyset position when given. */
    List<Row> listForCitizen(
            Handle h, String citizen, RequestStatus status, UUID service, Instant after, UUID afterId, int limit) {
        return h.createQuery("""
                        SELECT * FROM requests_request
                         WHERE citizen = :citizen
                           AND (CAST(:status AS text) IS NULL OR status = :status)
                           AND (CAST(:service AS uuid) IS NULL OR service_id = CAST(:service AS uuid))
                           AND (CAST(:after AS timestamptz) IS NULL OR (created_at, id) < (:after, CAST(:afterId AS uuid)))
                         ORDER BY created_at DESC, id DESC
                         LIMIT :limit
                        """)
                .bind("citizen", citizen)
                .bind("status", status == null ? null : status.name())
                .bind("service", service)
                .bind("after", utc(after))
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(RequestStore::row)
                .list();
    }

    /**
     * An agency inbox page, soonest due first. Without a status, the requests awaiting the agency;
     * a request reaches its agency's inbox only once submitted (a journey step once released).
     */
    List<Row> inbox(Handle h, InboxFilter filter, Instant now, int limit) {
        if (filter.agencies().isEmpty()) {
            return List.of();
        }
        // One ordered index scan per agency, merged: with agency_id = ANY(...) PostgreSQL cannot read
        // the (agency_id, due_at, id) index in due order and sorts every open request instead. Each
        // agency is a branch of its own with a bound name rather than a row of unnest(:agencies):
        // with an array, the generic plan of the prepared statement looks ten times dearer than a
        // custom one, so PostgreSQL planned every call anew (0.3 ms, twice the query). The limit, a
        // number the server chose, is written into the SQL for the same reason: as a parameter, the
        // generic plan assumes a tenth of the table.
        var conditions = new StringBuilder(
                filter.status() == null
                        ? " AND status IN " + OPEN
                        : " AND status = :status AND submitted_at IS NOT NULL");
        if (filter.service() != null) {
            conditions.append(" AND service_id = :service");
        }
        if (filter.channel() != null) {
            conditions.append(" AND channel = :channel");
        }
        if (filter.assignedTo() != null) {
            conditions.append(" AND assigned_to = :assigned");
        }
        if (filter.sla() != null) {
            conditions.append(" AND status IN ").append(OPEN);
            conditions.append(
                    switch (filter.sla()) {
                        case BREACHED -> " AND due_at < COALESCE(paused_at, CAST(:now AS timestamptz))";
                        case DUE_SOON ->
                            " AND due_at >= COALESCE(paused_at, CAST(:now AS timestamptz)) AND due_at < COALESCE(paused_at, CAST(:now AS timestamptz)) + make_interval(secs => sla_seconds / 4.0)";
                        case ON_TRACK ->
                            " AND due_at >= COALESCE(paused_at, CAST(:now AS timestamptz)) + make_interval(secs => sla_seconds / 4.0)";
                    });
        }
        if (filter.afterDue() != null) {
            conditions.append(" AND (due_at, id) > (CAST(:afterDue AS timestamptz), CAST(:afterId AS uuid))");
        }
        var agencies = List.copyOf(filter.agencies());
        var branches = new ArrayList<String>();
        for (int i = 0; i < agencies.size(); i++) {
            branches.add("SELECT * FROM requests_request WHERE agency_id = :agency" + i + conditions
                    + " ORDER BY due_at, id LIMIT " + limit);
        }
        var sql = branches.size() == 1
                ? branches.get(0)
                : branches.stream().collect(Collectors.joining(") UNION ALL (", "SELECT * FROM ((", ")) r"))
                        + " ORDER BY due_at, id LIMIT " + limit;
        var query = h.createQuery(sql);
        for (int i = 0; i < agencies.size(); i++) {
            query.bind("agency" + i, agencies.get(i));
        }
        if (filter.status() != null) {
            query.bind("status", filter.status().name());
        }
        if (filter.service() != null) {
            query.bind("service", filter.service());
        }
        if (filter.channel() != null) {
            query.bind("channel", filter.channel().name());
        }
        if (filter.assignedTo() != null) {
            query.bind("assigned", filter.assignedTo());
        }
        if (filter.sla() != null) {
            query.bind("now", utc(now));
        }
        if (filter.afterDue() != null) {
            query.bind("afterDue", utc(filter.afterDue())).bind("afterId", filter.afterId());
        }
        return query.map(RequestStore::row).list();
    }

    /** The payments requests are waiting for, oldest first. */
    List<UUID> awaitedPayments(Handle h, int limit) {
        return h.createQuery("""
                        SELECT payment_id FROM requests_request WHERE awaiting_payment
                         GROUP BY payment_id ORDER BY min(created_at) LIMIT :limit
                        """).bind("limit", limit).mapTo(UUID.class).list();
    }

    /** The numbers of the requests still waiting for a payment. */
    List<String> awaiting(Handle h, UUID paymentId) {
        return h.createQuery("""
                        SELECT number FROM requests_request WHERE payment_id = :payment AND awaiting_payment
                         ORDER BY number
                        """).bind("payment", paymentId).mapTo(String.class).list();
    }

    // Documents

    void insertDocument(Handle h, DocumentRow row, String uploadedBy, byte[] content) {
        h.createUpdate("""
                        INSERT INTO requests_document (id, owner, uploaded_by, media_type, size, sha256, filename,
                            content, created_at)
                        VALUES (:id, :owner, :by, :type, :size, :sha256, :filename, :content, :at)
                        """)
                .bind("id", row.id())
                .bind("owner", row.owner())
                .bind("by", uploadedBy)
                .bind("type", row.mediaType())
                .bind("size", row.size())
                .bind("sha256", row.sha256())
                .bind("filename", row.filename())
                .bind("content", content)
                .bind("at", utc(row.createdAt()))
                .execute();
    }

    Optional<DocumentRow> document(Handle h, UUID id) {
        return h.createQuery("""
                        SELECT id, owner, media_type, size, sha256, filename, created_at
                          FROM requests_document WHERE id = :id
                        """)
                .bind("id", id)
                .map((rs, ctx) -> new DocumentRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("owner"),
                        rs.getString("media_type"),
                        rs.getLong("size"),
                        rs.getString("sha256"),
                        rs.getString("filename"),
                        instant(rs, "created_at")))
                .findOne();
    }

    byte[] content(Handle h, UUID id) {
        return h.createQuery("SELECT content FROM requests_document WHERE id = :id")
                .bind("id", id)
                .mapTo(byte[].class)
                .one();
    }

    /** The agencies that received a request this document is attached to. */
    List<String> documentAgencies(Handle h, UUID documentId) {
        return h.createQuery("""
                        SELECT DISTINCT r.agency_id FROM requests_attachment a
                          JOIN requests_request r ON r.id = a.request_id
                         WHERE a.document_id = :document AND r.submitted_at IS NOT NULL
                        """)
                .bind("document", documentId)
                .mapTo(String.class)
                .list();
    }

    // Journey applications

    void insertJourney(Handle h, JourneyRow row, String idempotencyKey) {
        h.createUpdate("""
                        INSERT INTO requests_journey (id, number, journey_code, title_ar, title_en, citizen,
                            submitted_by, steps, consent, payment_id, idempotency_key, created_at)
                        VALUES (:id, :number, :code, :ar, :en, :citizen, :by, CAST(:steps AS jsonb),
                            CAST(:consent AS jsonb), CAST(:payment AS uuid), :key, :at)
                        """)
                .bind("id", row.id())
                .bind("number", row.number())
                .bind("code", row.journeyCode())
                .bind("ar", row.titleAr())
                .bind("en", row.titleEn())
                .bind("citizen", row.citizen())
                .bind("by", row.submittedBy())
                .bind("steps", json(row.steps()))
                .bind("consent", json(row.consent()))
                .bind("payment", row.paymentId())
                .bind("key", idempotencyKey)
                .bind("at", utc(row.createdAt()))
                .execute();
    }

    /** Locks a journey application: every change to its steps takes this lock first. */
    void lockJourney(Handle h, UUID id) {
        h.createQuery("SELECT id FROM requests_journey WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .mapTo(UUID.class)
                .one();
    }

    Optional<JourneyRow> journey(Handle h, String number) {
        return h.createQuery("SELECT * FROM requests_journey WHERE number = :number")
                .bind("number", number)
                .map(RequestStore::journeyRow)
                .findOne();
    }

    Optional<JourneyRow> journey(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM requests_journey WHERE id = :id")
                .bind("id", id)
                .map(RequestStore::journeyRow)
                .findOne();
    }

    Optional<JourneyRow> journeyByKey(Handle h, String submittedBy, String key) {
        return h.createQuery("SELECT * FROM requests_journey WHERE submitted_by = :by AND idempotency_key = :key")
                .bind("by", submittedBy)
                .bind("key", key)
                .map(RequestStore::journeyRow)
                .findOne();
    }

    List<JourneyRow> journeysForCitizen(Handle h, String citizen, Instant after, UUID afterId, int limit) {
        return h.createQuery("""
                        SELECT * FROM requests_journey
                         WHERE citizen = :citizen
                           AND (CAST(:after AS timestamptz) IS NULL OR (created_at, id) < (:after, CAST(:afterId AS uuid)))
                         ORDER BY created_at DESC, id DESC
                         LIMIT :limit
                        """)
                .bind("citizen", citizen)
                .bind("after", utc(after))
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(RequestStore::journeyRow)
                .list();
    }

    /** The numbers of these journey applications, by id. */
    Map<UUID, String> journeyNumbers(Handle h, Collection<UUID> ids) {
        var numbers = new HashMap<UUID, String>();
        h.createQuery("SELECT id, number FROM requests_journey WHERE id = ANY(:ids)")
                .bindArray("ids", UUID.class, ids.toArray())
                .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("number")))
                .forEach(e -> numbers.put(e.getKey(), e.getValue()));
        return numbers;
    }

    /** The requests of a journey application's steps, by step key. */
    List<Row> steps(Handle h, UUID journeyId) {
        return h.createQuery("SELECT * FROM requests_request WHERE journey_id = :journey ORDER BY created_at, step_key")
                .bind("journey", journeyId)
                .map(RequestStore::row)
                .list();
    }

    /**
     * Requests for Open311: of a citizen, submitted by a client, or of some agencies; by numbers, or
     * by service, time and status; newest first.
     */
    List<Row> open311(
            Handle h,
            String citizen,
            String submittedBy,
            Collection<String> agencies,
            List<String> numbers,
            String serviceCode,
            Instant from,
            Instant to,
            Collection<RequestStatus> statuses,
            int limit) {
        return h.createQuery("""
                        SELECT * FROM requests_request
                         WHERE submitted_at IS NOT NULL
                           AND (citizen = :citizen OR submitted_by = :by OR agency_id IN (<agencies>))
                           AND (:anyNumber OR number IN (<numbers>))
                           AND (CAST(:service AS text) IS NULL OR service_code = :service)
                           AND submitted_at >= :from AND submitted_at < :to
                           AND status IN (<statuses>)
                         ORDER BY submitted_at DESC, id DESC LIMIT :limit
                        """)
                .bind("citizen", citizen)
                .bind("by", submittedBy)
                .bindList("agencies", agencies.isEmpty() ? List.of("") : List.copyOf(agencies))
                .bind("anyNumber", numbers.isEmpty())
                .bindList("numbers", numbers.isEmpty() ? List.of("") : numbers)
                .bind("service", serviceCode)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bindList("statuses", statuses.stream().map(Enum::name).toList())
                .bind("limit", limit)
                .map(RequestStore::row)
                .list();
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        var sla = rs.getObject("sla_seconds");
        var rating = rs.getObject("rating");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("number"),
                rs.getObject("service_id", UUID.class),
                rs.getString("service_code"),
                rs.getString("agency_id"),
                rs.getString("citizen"),
                rs.getString("submitted_by"),
                ChannelType.valueOf(rs.getString("channel")),
                rs.getString("language"),
                RequestStatus.valueOf(rs.getString("status")),
                rs.getBoolean("awaiting_payment"),
                rs.getObject("payment_id", UUID.class),
                node(rs.getString("data")),
                node(rs.getString("inputs")),
                node(rs.getString("outputs")),
                rs.getString("assigned_to"),
                sla == null ? null : ((Number) sla).longValue(),
                instant(rs, "due_at"),
                instant(rs, "paused_at"),
                rs.getObject("journey_id", UUID.class),
                rs.getString("step_key"),
                rating == null ? null : ((Number) rating).intValue(),
                instant(rs, "submitted_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static JourneyRow journeyRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new JourneyRow(
                rs.getObject("id", UUID.class),
                rs.getString("number"),
                rs.getString("journey_code"),
                rs.getString("title_ar"),
                rs.getString("title_en"),
                rs.getString("citizen"),
                rs.getString("submitted_by"),
                node(rs.getString("steps")),
                node(rs.getString("consent")),
                rs.getObject("payment_id", UUID.class),
                instant(rs, "created_at"));
    }

    static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }

    static JsonNode node(String json) {
        if (json == null) {
            return null;
        }
        try {
            return KhidmaJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }

    static List<UUID> ids(List<Row> rows) {
        var ids = new ArrayList<UUID>();
        rows.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
