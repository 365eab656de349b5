package io.khidma.payments.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import io.khidma.core.server.JdbcStatements;
import io.khidma.core.text.Text;
import io.khidma.payments.model.CardSummary;
import io.khidma.payments.model.LineItem;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.model.PaymentEvent;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.Refund;
import io.khidma.payments.model.RefundLine;
import io.khidma.payments.model.RefundStatus;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * All SQL of payments, refunds and the ledger. Methods take the caller's {@link Handle} so that a
 * state change, its event, its ledger entries and its webhook outbox rows commit together; a new
 * payment is one statement of its own.
 * Parameters are always bound; nothing is concatenated from input.
 */
final class PaymentStore {

    static final String CLEARING_ACCOUNT = "provider:clearing";

    private final JdbcStatements statements;

    PaymentStore(JdbcStatements statements) {
        this.statements = statements;
    }

    /** A payment as stored, with what only the server sees. */
    record Row(Payment payment, String pageToken, String providerReference, Instant authorisingAt) {
        UUID id() {
            return payment.id();
        }

        PaymentStatus status() {
            return payment.status();
        }
    }

    /** A fee priced from the catalogue, ready to store. */
    record PricedItem(
            UUID serviceId,
            String serviceCode,
            String feeCode,
            String agencyId,
            Text agencyName,
            Text description,
            int quantity,
            long unitAmount) {
        long amount() {
            return Math.multiplyExact(unitAmount, quantity);
        }
    }

    /** Filters of {@code GET /payments}; null means any. */
    record Filter(
            String citizen,
            String agency,
            PaymentStatus status,
            Instant from,
            Instant to,
            String reference,
            Instant afterCreated,
            UUID afterId) {}

    record NewRow(
            UUID id,
            List<PricedItem> items,
            String reference,
            String description,
            PaymentChannel channel,
            URI returnUrl,
            String language,
            String citizen,
            String createdBy,
            boolean delayedCapture,
            String pageToken,
            String idempotencyKey,
            Instant now,
            Instant expiresAt) {
        NewRow {
            // The database keeps microseconds: what was written is then exactly what a read gives.
            now = now.truncatedTo(ChronoUnit.MICROS);
            expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /**
     * Stores a new payment with its line items and first event, in one statement (so in one commit
     * without a transaction around it, and one round trip), and returns it as stored without reading
     * it back; empty, having written nothing, when its creator already made a payment with its
     * Idempotency-Key. Every payment's creation runs it, so through plain JDBC.
     */
    Optional<Row> insert(NewRow row) {
        long total = row.items().stream().mapToLong(PricedItem::amount).reduce(0, Math::addExact);
        int size = row.items().size();
        var numbers = new Integer[size];
        var services = new UUID[size];
        var serviceCodes = new String[size];
        var feeCodes = new String[size];
        var agencies = new String[size];
        var agencyNamesAr = new String[size];
        var agencyNamesEn = new String[size];
        var descriptionsAr = new String[size];
        var descriptionsEn = new String[size];
        var quantities = new Integer[size];
        var unitAmounts = new Long[size];
        var amounts = new Long[size];
        for (int i = 0; i < size; i++) {
            var item = row.items().get(i);
            numbers[i] = i + 1;
            services[i] = item.serviceId();
            serviceCodes[i] = item.serviceCode();
            feeCodes[i] = item.feeCode();
            agencies[i] = item.agencyId();
            agencyNamesAr[i] =
                    item.agencyName() == null ? null : item.agencyName().ar();
            agencyNamesEn[i] =
                    item.agencyName() == null ? null : item.agencyName().en();
            descriptionsAr[i] =
                    item.description() == null ? null : item.description().ar();
            descriptionsEn[i] =
                    item.description() == null ? null : item.description().en();
            quantities[i] = item.quantity();
            unitAmounts[i] = item.unitAmount();
            amounts[i] = item.amount();
        }
        boolean inserted = statements.query(
                """
                WITH created AS (
                    INSERT INTO payment (id, status, amount, currency, reference, description, channel, return_url,
                                         language, citizen, created_by, delayed_capture, page_token, idempotency_key,
                                         created_at, expires_at, updated_at)
                    VALUES (?, 'CREATED', ?, 'AED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                    RETURNING id, created_at
                ), items AS (
                    INSERT INTO payment_line_item (payment_id, number, service_id, service_code, fee_code, agency_id,
                                                   agency_name_ar, agency_name_en, description_ar, description_en,
                                                   quantity, unit_amount, amount)
                    SELECT created.id, item.*
                      FROM created,
                           unnest(?::integer[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                  ?::text[], ?::text[], ?::integer[], ?::bigint[], ?::bigint[]) AS item
                ), event AS (
                    INSERT INTO payment_event (payment_id, type, status, at)
                    SELECT id, 'payment.created', 'CREATED', created_at FROM created
                )
                SELECT count(*) = 1 FROM created
                """,
                s -> {
                    var connection = s.getConnection();
                    s.setObject(1, row.id());
                    s.setLong(2, total);
                    s.setString(3, row.reference());
                    s.setString(4, row.description());
                    s.setString(5, row.channel().name());
                    s.setString(6, row.returnUrl().toString());
                    s.setString(7, row.language());
                    s.setString(8, row.citizen());
                    s.setString(9, row.createdBy());
                    s.setBoolean(10, row.delayedCapture());
                    s.setString(11, row.pageToken());
                    s.setString(12, row.idempotencyKey());
                    s.setObject(13, utc(row.now()));
                    s.setObject(14, utc(row.expiresAt()));
                    s.setObject(15, utc(row.now()));
                    s.setArray(16, connection.createArrayOf("integer", numbers));
                    s.setArray(17, connection.createArrayOf("uuid", services));
                    s.setArray(18, connection.createArrayOf("text", serviceCodes));
                    s.setArray(19, connection.createArrayOf("text", feeCodes));
                    s.setArray(20, connection.createArrayOf("text", agencies));
                    s.setArray(21, connection.createArrayOf("text", agencyNamesAr));
                    s.setArray(22, connection.createArrayOf("text", agencyNamesEn));
                    s.setArray(23, connection.createArrayOf("text", descriptionsAr));
                    s.setArray(24, connection.createArrayOf("text", descriptionsEn));
                    s.setArray(25, connection.createArrayOf("integer", quantities));
                    s.setArray(26, connection.createArrayOf("bigint", unitAmounts));
                    s.setArray(27, connection.createArrayOf("bigint", amounts));
                },
                rows -> rows.next() && rows.getBoolean(1));
        if (!inserted) {
            return Optional.empty();
        }
        var lines = new ArrayList<LineItem>(row.items().size());
        for (var item : row.items()) {
            lines.add(new LineItem(
                    lines.size() + 1,
                    item.serviceId(),
                    item.serviceCode(),
                    item.feeCode(),
                    item.agencyId(),
                    item.agencyName(),
                    item.description(),
                    item.quantity(),
                    item.unitAmount(),
                    item.amount(),
                    0));
        }
        var payment = new Payment(
                row.id(),
                PaymentStatus.CREATED,
                total,
                "AED",
                lines,
                row.reference(),
                row.description(),
                row.channel(),
                row.returnUrl(),
                row.language(),
                row.citizen(),
                row.delayedCapture(),
                0,
                0,
                0,
                null,
                row.now(),
                row.expiresAt(),
                null);
        return Optional.of(new Row(payment, row.pageToken(), null, null));
    }

    Optional<Row> find(Handle h, UUID id) {
        return rows(
                        h,
                        h.createQuery("SELECT * FROM payment WHERE id = :id")
                                .bind("id", id)
                                .map(PaymentStore::paymentRow)
                                .list())
                .stream()
                .findFirst();
    }

    /** The payment {@code createdBy} created with this Idempotency-Key, if any. */
    Optional<UUID> paymentByKey(Handle h, String createdBy, String idempotencyKey) {
        return h.createQuery("SELECT id FROM payment WHERE created_by = :by AND idempotency_key = :key")
                .bind("by", createdBy)
                .bind("key", idempotencyKey)
                .mapTo(UUID.class)
                .findOne();
    }

    /** The refund of this payment made with this Idempotency-Key, if any. */
    Optional<UUID> refundByKey(Handle h, UUID paymentId, String idempotencyKey) {
        return h.createQuery("SELECT id FROM refund WHERE payment_id = :payment AND idempotency_key = :key")
                .bind("payment", paymentId)
                .bind("key", idempotencyKey)
                .mapTo(UUID.class)
                .findOne();
    }

    /** Refunds still SUBMITTED since before {@code createdBefore}: their provider answer was never recorded. */
    List<Map.Entry<UUID, UUID>> submittedRefunds(Handle h, Instant createdBefore, int limit) {
        return h.createQuery("""
                        SELECT id, payment_id FROM refund WHERE status = 'SUBMITTED' AND created_at < :before
                         ORDER BY created_at LIMIT :limit
                        """)
                .bind("before", utc(createdBefore))
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class)))
                .list();
    }

    /** Locks the payment's row until the transaction ends: refunds serialise on it. */
    Optional<Row> lock(Handle h, UUID id) {
        return rows(
                        h,
                        h.createQuery("SELECT * FROM payment WHERE id = :id FOR UPDATE")
                                .bind("id", id)
                                .map(PaymentStore::paymentRow)
                                .list())
                .stream()
                .findFirst();
    }

    List<Row> list(Handle h, Filter filter, int limit) {
        var rows = h.createQuery("""
                        SELECT * FROM payment p
                         WHERE (CAST(:citizen AS text) IS NULL OR p.citizen = :citizen)
                           AND (CAST(:agency AS text) IS NULL OR EXISTS (
                                SELECT 1 FROM payment_line_item li WHERE li.payment_id = p.id AND li.agency_id = :agency))
                           AND (CAST(:status AS text) IS NULL OR p.status = :status)
                           AND (CAST(:from AS timestamptz) IS NULL OR p.created_at >= :from)
                           AND (CAST(:to AS timestamptz) IS NULL OR p.created_at < :to)
                           AND (CAST(:reference AS text) IS NULL OR p.reference = :reference)
                           AND (CAST(:afterCreated AS timestamptz) IS NULL
                                OR (p.created_at, p.id) < (:afterCreated, CAST(:afterId AS uuid)))
                         ORDER BY p.created_at DESC, p.id DESC
                         LIMIT :limit
                        """)
                .bind("citizen", filter.citizen())
                .bind("agency", filter.agency())
                .bind("status", filter.status() == null ? null : filter.status().name())
                .bind("from", utc(filter.from()))
                .bind("to", utc(filter.to()))
                .bind("reference", filter.reference())
                .bind("afterCreated", utc(filter.afterCreated()))
                .bind("afterId", filter.afterId())
                .bind("limit", limit)
                .map(PaymentStore::paymentRow)
                .list();
        return rows(h, rows);
    }

    /**
     * Moves a payment to {@code to} if it is in one of the statuses that may precede it (and, for
     * the statuses a citizen's card authorisation races with, no authorisation is under way),
     * recording the event. Returns whether it moved: a concurrent change wins otherwise.
     */
    Optional<PaymentChannel> move(Handle h, UUID id, PaymentStatus to, Instant now, String detail, Change change) {
        var from = PaymentStatus.before(to).stream().map(Enum::name).toArray(String[]::new);
        var moved = h.createUpdate("""
                        UPDATE payment
                           SET status = :to, updated_at = :now,
                               card_brand = coalesce(:brand, card_brand),
                               card_last4 = coalesce(:last4, card_last4),
                               provider_reference = coalesce(:reference, provider_reference),
                               captured_amount = CASE WHEN :to = 'CAPTURED' THEN amount ELSE captured_amount END,
                               captured_at = CASE WHEN :to = 'CAPTURED' THEN :now ELSE captured_at END,
                               authorising_at = CASE WHEN :releaseClaim THEN NULL ELSE authorising_at END
                         WHERE id = :id AND status = ANY(:from)
                           AND (authorising_at IS NULL OR :releaseClaim)
                        """)
                .bind("id", id)
                .bind("to", to.name())
                .bind("now", utc(now))
                .bind("brand", change.card() == null ? null : change.card().brand())
                .bind("last4", change.card() == null ? null : change.card().last4())
                .bind("reference", change.providerReference())
                .bind("releaseClaim", change.releasesClaim())
                .bindArray("from", String.class, (Object[]) from)
                .executeAndReturnGeneratedKeys("channel")
                .mapTo(String.class)
                .findOne()
                .map(PaymentChannel::valueOf);
        if (moved.isPresent()) {
            event(h, id, "payment." + to.name().toLowerCase(Locale.ROOT), to, now, detail);
        }
        return moved;
    }

    /** What a move also changes: the card seen, the provider's reference, the end of an authorisation. */
    record Change(CardSummary card, String providerReference, boolean releasesClaim) {
        static final Change NONE = new Change(null, null, false);

        static Change endOfAuthorisation(CardSummary card, String providerReference) {
            return new Change(card, providerReference, true);
        }
    }

    /** Claims a started payment for one card authorisation; false if one is under way or it moved on. */
    boolean claimAuthorisation(Handle h, UUID id, Instant now) {
        return h.createUpdate("""
                                UPDATE payment SET authorising_at = :now, updated_at = :now
                                 WHERE id = :id AND status = 'STARTED' AND authorising_at IS NULL
                                """).bind("id", id).bind("now", utc(now)).execute() == 1;
    }

    /** Payments past their expiry that nobody completed (all, or only {@code only}), locked for this transaction. */
    List<UUID> lockExpired(Handle h, Instant now, UUID only, int limit) {
        return h.createQuery("""
                        SELECT id FROM payment
                         WHERE status IN ('CREATED', 'STARTED') AND expires_at < :now
                           AND (CAST(:only AS uuid) IS NULL OR id = CAST(:only AS uuid))
                         ORDER BY expires_at LIMIT :limit
                         FOR UPDATE SKIP LOCKED
                        """)
                .bind("now", utc(now))
                .bind("only", only)
                .bind("limit", limit)
                .mapTo(UUID.class)
                .list();
    }

    /** Ends an authorisation claim whose call was never sent (the provider was unavailable). */
    void releaseAuthorisation(Handle h, UUID id) {
        h.createUpdate("UPDATE payment SET authorising_at = NULL WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    /** Expires a payment locked by {@link #lockExpired}, whether or not an authorisation hangs on it. */
    Optional<PaymentChannel> expire(Handle h, UUID id, Instant now) {
        releaseAuthorisation(h, id);
        return move(h, id, PaymentStatus.EXPIRED, now, "not completed in time", Change.NONE);
    }

    void event(Handle h, UUID paymentId, String type, PaymentStatus status, Instant at, String detail) {
        h.createUpdate("""
                        INSERT INTO payment_event (payment_id, type, status, at, detail)
                        VALUES (:payment, :type, :status, :at, :detail)
                        """)
                .bind("payment", paymentId)
                .bind("type", type)
                .bind("status", status.name())
                .bind("at", utc(at))
                .bind("detail", detail)
                .execute();
    }

    List<PaymentEvent> events(Handle h, UUID paymentId) {
        return h.createQuery("SELECT * FROM payment_event WHERE payment_id = :payment ORDER BY sequence")
                .bind("payment", paymentId)
                .map((rs, ctx) -> new PaymentEvent(
                        rs.getLong("sequence"),
                        rs.getString("type"),
                        PaymentStatus.valueOf(rs.getString("status")),
                        instant(rs, "at"),
                        rs.getString("detail")))
                .list();
    }

    // Refunds

    /** Per line item number, the amount refunded or being refunded (failed refunds excluded). */
    Map<Integer, Long> committedRefunds(Handle h, UUID paymentId) {
        var committed = new HashMap<Integer, Long>();
        h.createQuery("""
                        SELECT rl.line_number, sum(rl.amount) AS amount
                          FROM refund_line rl JOIN refund r ON r.id = rl.refund_id
                         WHERE rl.payment_id = :payment AND r.status <> 'FAILED'
                         GROUP BY rl.line_number
                        """)
                .bind("payment", paymentId)
                .map((rs, ctx) -> Map.entry(rs.getInt("line_number"), rs.getLong("amount")))
                .forEach(e -> committed.put(e.getKey(), e.getValue()));
        return committed;
    }

    void insertRefund(Handle h, Refund refund, String requestedBy, String idempotencyKey) {
        h.createUpdate("""
                        INSERT INTO refund (id, payment_id, amount, status, reason, requested_by, idempotency_key,
                                            created_at, updated_at)
                        VALUES (:id, :payment, :amount, :status, :reason, :by, :key, :at, :at)
                        """)
                .bind("key", idempotencyKey)
                .bind("id", refund.id())
                .bind("payment", refund.paymentId())
                .bind("amount", refund.amount())
                .bind("status", refund.status().name())
                .bind("reason", refund.reason())
                .bind("by", requestedBy)
                .bind("at", utc(refund.createdAt()))
                .execute();
        var batch = h.prepareBatch("""
                INSERT INTO refund_line (refund_id, payment_id, line_number, amount)
                VALUES (:refund, :payment, :line, :amount)
                """);
        for (var line : refund.lineItems()) {
            batch.bind("refund", refund.id())
                    .bind("payment", refund.paymentId())
                    .bind("line", line.lineItem())
                    .bind("amount", line.amount())
                    .add();
        }
        batch.execute();
    }

    /** Settles a submitted refund; false if it was settled already. */
    boolean settleRefund(Handle h, UUID refundId, RefundStatus status, Instant now) {
        return h.createUpdate("""
                                UPDATE refund SET status = :status, updated_at = :now
                                 WHERE id = :id AND status = 'SUBMITTED'
                                """)
                        .bind("id", refundId)
                        .bind("status", status.name())
                        .bind("now", utc(now))
                        .execute()
                == 1;
    }

    List<Refund> refunds(Handle h, UUID paymentId) {
        var lines = new HashMap<UUID, List<RefundLine>>();
        h.createQuery("""
                        SELECT refund_id, line_number, amount FROM refund_line
                         WHERE payment_id = :payment ORDER BY line_number
                        """)
                .bind("payment", paymentId)
                .map((rs, ctx) -> Map.entry(
                        rs.getObject("refund_id", UUID.class),
                        new RefundLine(rs.getInt("line_number"), rs.getLong("amount"))))
                .forEach(e -> lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return h.createQuery("SELECT * FROM refund WHERE payment_id = :payment ORDER BY created_at, id")
                .bind("payment", paymentId)
                .map((rs, ctx) -> {
                    var id = rs.getObject("id", UUID.class);
                    return new Refund(
                            id,
                            paymentId,
                            rs.getLong("amount"),
                            RefundStatus.valueOf(rs.getString("status")),
                            lines.getOrDefault(id, List.of()),
                            rs.getString("reason"),
                            instant(rs, "created_at"));
                })
                .list();
    }

    // Ledger

    /** The capture: the provider's clearing account is debited, each agency's revenue credited per line item. */
    void ledgerCapture(Handle h, Payment payment, Instant at) {
        var transaction = UUID.randomUUID();
        ledgerTransaction(h, transaction, "capture", payment.id(), null, at);
        var entries = new ArrayList<Entry>();
        entries.add(new Entry(CLEARING_ACCOUNT, null, null, payment.amount()));
        for (var item : payment.lineItems()) {
            if (item.amount() > 0) {
                entries.add(new Entry(revenueAccount(item.agencyId()), item.agencyId(), item.number(), -item.amount()));
            }
        }
        ledgerEntries(h, transaction, entries);
    }

    /** A refund: the reverse of the capture, for the refunded line items only. */
    void ledgerRefund(Handle h, Payment payment, Refund refund, Instant at) {
        var transaction = UUID.randomUUID();
        ledgerTransaction(h, transaction, "refund", payment.id(), refund.id(), at);
        var entries = new ArrayList<Entry>();
        entries.add(new Entry(CLEARING_ACCOUNT, null, null, -refund.amount()));
        for (var line : refund.lineItems()) {
            var agency = payment.lineItems().get(line.lineItem() - 1).agencyId();
            entries.add(new Entry(revenueAccount(agency), agency, line.lineItem(), line.amount()));
        }
        ledgerEntries(h, transaction, entries);
    }

    static String revenueAccount(String agencyId) {
        return "agency:" + agencyId + ":revenue";
    }

    private record Entry(String account, String agencyId, Integer lineNumber, long amount) {}

    private static void ledgerTransaction(Handle h, UUID id, String kind, UUID paymentId, UUID refundId, Instant at) {
        h.createUpdate("""
                        INSERT INTO ledger_transaction (id, kind, payment_id, refund_id, at)
                        VALUES (:id, :kind, :payment, CAST(:refund AS uuid), :at)
                        """)
                .bind("id", id)
                .bind("kind", kind)
                .bind("payment", paymentId)
                .bind("refund", refundId)
                .bind("at", utc(at))
                .execute();
    }

    private static void ledgerEntries(Handle h, UUID transaction, List<Entry> entries) {
        var batch = h.prepareBatch("""
                INSERT INTO ledger_entry (transaction_id, account, agency_id, line_number, amount)
                VALUES (:transaction, :account, :agency, :line, :amount)
                """);
        for (var entry : entries) {
            batch.bind("transaction", transaction)
                    .bind("account", entry.account())
                    .bind("agency", entry.agencyId())
                    .bind("line", entry.lineNumber())
                    .bind("amount", entry.amount())
                    .add();
        }
        batch.execute();
    }

    /** One agency's settlement figures for a period, straight from the ledger. */
    record Settlement(String agencyId, long captured, long refunded, long count, List<UUID> paymentIds) {}

    List<Settlement> settlements(Handle h, Instant from, Instant to, String agency) {
        return h.createQuery("""
                        SELECT e.agency_id,
                               coalesce(-sum(e.amount) FILTER (WHERE t.kind = 'capture'), 0) AS captured,
                               coalesce(sum(e.amount) FILTER (WHERE t.kind = 'refund'), 0) AS refunded,
                               count(DISTINCT t.payment_id) FILTER (WHERE t.kind = 'capture') AS count,
                               array_agg(DISTINCT t.payment_id ORDER BY t.payment_id) AS payment_ids
                          FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
                         WHERE e.agency_id IS NOT NULL AND t.at >= :from AND t.at < :to
                           AND (CAST(:agency AS text) IS NULL OR e.agency_id = :agency)
                         GROUP BY e.agency_id
                         ORDER BY e.agency_id
                        """)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("agency", agency)
                .map((rs, ctx) -> new Settlement(
                        rs.getString("agency_id"),
                        rs.getLong("captured"),
                        rs.getLong("refunded"),
                        rs.getLong("count"),
                        List.of((UUID[]) rs.getArray("payment_ids").getArray())))
                .list();
    }

    // Mapping

    private record Bare(
            UUID id,
            PaymentStatus status,
            long amount,
            String currency,
            String reference,
            String description,
            PaymentChannel channel,
            URI returnUrl,
            String language,
            String citizen,
            boolean delayedCapture,
            long capturedAmount,
            CardSummary card,
            Instant createdAt,
            Instant expiresAt,
            String pageToken,
            String providerReference,
            Instant authorisingAt) {}

    private static Bare paymentRow(ResultSet rs, StatementContext ctx) throws SQLException {
        var brand = rs.getString("card_brand");
        return new Bare(
                rs.getObject("id", UUID.class),
                PaymentStatus.valueOf(rs.getString("status")),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getString("reference"),
                rs.getString("description"),
                PaymentChannel.valueOf(rs.getString("channel")),
                URI.create(rs.getString("return_url")),
                rs.getString("language"),
                rs.getString("citizen"),
                rs.getBoolean("delayed_capture"),
                rs.getLong("captured_amount"),
                brand == null ? null : new CardSummary(brand, rs.getString("card_last4")),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                rs.getString("page_token"),
                rs.getString("provider_reference"),
                instant(rs, "authorising_at"));
    }

    /**
     * Completes bare payment rows with their line items and refund totals, in two queries for all of
     * them. Their ids are bound one placeholder each: as one array, the prepared statements' generic
     * plans assume ten ids, and PostgreSQL planned them anew on every call.
     */
    private List<Row> rows(Handle h, List<Bare> bare) {
        if (bare.isEmpty()) {
            return List.of();
        }
        var ids = bare.stream().map(Bare::id).toArray(UUID[]::new);
        var items = lineItems(h, ids);
        var committed = new HashMap<UUID, Long>();
        h.createQuery("""
                        SELECT payment_id, sum(amount) AS amount FROM refund
                         WHERE payment_id IN (<ids>) AND status <> 'FAILED' GROUP BY payment_id
                        """)
                .bindList("ids", List.of(ids))
                .map((rs, ctx) -> Map.entry(rs.getObject("payment_id", UUID.class), rs.getLong("amount")))
                .forEach(e -> committed.put(e.getKey(), e.getValue()));
        var rows = new ArrayList<Row>(bare.size());
        for (var b : bare) {
            var lines = items.getOrDefault(b.id(), List.of());
            long refunded = lines.stream().mapToLong(LineItem::refundedAmount).sum();
            long refundable = b.capturedAmount() - committed.getOrDefault(b.id(), 0L);
            var payment = new Payment(
                    b.id(),
                    b.status(),
                    b.amount(),
                    b.currency(),
                    lines,
                    b.reference(),
                    b.description(),
                    b.channel(),
                    b.returnUrl(),
                    b.language(),
                    b.citizen(),
                    b.delayedCapture(),
                    b.capturedAmount(),
                    refunded,
                    refundable,
                    b.card(),
                    b.createdAt(),
                    b.expiresAt(),
                    null);
            rows.add(new Row(payment, b.pageToken(), b.providerReference(), b.authorisingAt()));
        }
        return rows;
    }

    private static Map<UUID, List<LineItem>> lineItems(Handle h, UUID[] ids) {
        var items = new HashMap<UUID, List<LineItem>>();
        h.createQuery("""
                        SELECT li.*, coalesce((SELECT sum(rl.amount) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id
                                                WHERE rl.payment_id = li.payment_id AND rl.line_number = li.number
                                                  AND r.status = 'SUCCEEDED'), 0) AS refunded
                          FROM payment_line_item li
                         WHERE li.payment_id IN (<ids>)
                         ORDER BY li.payment_id, li.number
                        """)
                .bindList("ids", List.of(ids))
                .map((rs, ctx) -> Map.entry(
                        rs.getObject("payment_id", UUID.class),
                        new LineItem(
                                rs.getInt("number"),
                                rs.getObject("service_id", UUID.class),
                                rs.getString("service_code"),
                                rs.getString("fee_code"),
                                rs.getString("agency_id"),
                                text(rs.getString("agency_name_ar"), rs.getString("agency_name_en")),
                                text(rs.getString("description_ar"), rs.getString("description_en")),
                                rs.getInt("quantity"),
                                rs.getLong("unit_amount"),
                                rs.getLong("amount"),
                                rs.getLong("refunded"))))
                .forEach(e -> items.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return items;
    }

    private static Text text(String ar, String en) {
        return ar == null && en == null ? null : new Text(ar, en);
    }
}
