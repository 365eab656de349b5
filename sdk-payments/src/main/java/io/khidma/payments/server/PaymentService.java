package io.khidma.payments.server;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.events.server.EventOutbox;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.KeysetCursor;
import io.khidma.core.server.ProblemException;
import io.khidma.payments.model.CardSummary;
import io.khidma.payments.model.LineItem;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.NewRefund;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.model.PaymentEvent;
import io.khidma.payments.model.PaymentPage;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.Refund;
import io.khidma.payments.model.RefundLine;
import io.khidma.payments.model.RefundStatus;
import io.khidma.payments.model.WebhookEvent;
import io.khidma.payments.provider.Authorisation;
import io.khidma.payments.provider.AuthorisationRequest;
import io.khidma.payments.provider.CardDetails;
import io.khidma.payments.provider.ProviderException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of payments: who may do what, the status machine, pricing from the catalogue, the
 * provider calls, refunds that never exceed the capture, ledger entries and webhook events written
 * in the same transaction as the change they record.
 */
public final class PaymentService {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final String WRITE_SCOPE = "payments:write";
    static final String READ_SCOPE = "payments:read";

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final PaymentStore store;
    private final EventOutbox events;
    private final List<BiConsumer<UUID, PaymentStatus>> listeners = new CopyOnWriteArrayList<>();
    private final FeeSchedule fees;
    private final GuardedProvider provider;
    private final PaymentsOptions options;
    private final PaymentMetrics metrics;
    private final AuditTrail audit;
    private final Clock clock;

    PaymentService(
            Jdbi jdbi,
            PaymentStore store,
            EventOutbox events,
            FeeSchedule fees,
            GuardedProvider provider,
            PaymentsOptions options,
            PaymentMetrics metrics,
            AuditTrail audit,
            Clock clock) {
        this.jdbi = jdbi;
        this.metrics = metrics;
        this.audit = audit;
        this.store = store;
        this.events = events;
        this.fees = fees;
        this.provider = provider;
        this.options = options;
        this.clock = clock;
    }

    // Creating and reading

    /**
     * Creates a payment; with an Idempotency-Key already used by this caller, returns the payment
     * created with it (the response to that request was lost) instead of creating another.
     */
    Payment create(KhidmaPrincipal caller, NewPayment request, URI base, String idempotencyKey) {
        var citizen = payer(caller, request.citizen());
        var priced = new ArrayList<PaymentStore.PricedItem>();
        var errors = new ArrayList<FieldError>();
        var found = fees.fees(request.lineItems(), request.channel());
        for (int i = 0; i < request.lineItems().size(); i++) {
            var item = request.lineItems().get(i);
            var fee = found.get(i);
            if (fee.isEmpty()) {
                errors.add(new FieldError(
                        "line_items[" + i + "]",
                        "unknown-fee",
                        "no active service " + item.serviceId() + " with fee " + item.feeCode() + " through "
                                + request.channel()));
                continue;
            }
            var f = fee.get();
            priced.add(new PaymentStore.PricedItem(
                    f.serviceId(),
                    f.serviceCode(),
                    f.feeCode(),
                    f.agencyId(),
                    f.agencyName(),
                    f.description(),
                    item.quantity(),
                    f.amount()));
        }
        if (!errors.isEmpty()) {
            // A fee withdrawn since does not undo a payment this key already made.
            var existing = byKey(caller, idempotencyKey);
            if (existing.isPresent()) {
                return get(caller, existing.get(), base);
            }
            throw ProblemException.of(
                    ProblemType.UNPROCESSABLE, "Some line items name no fee in the catalogue", errors);
        }
        if (priced.stream().mapToLong(PaymentStore.PricedItem::amount).sum() <= 0) {
            throw ProblemException.of(ProblemType.UNPROCESSABLE, "The basket's fees add up to nothing to pay");
        }
        var now = clock.instant();
        var id = UUID.randomUUID();
        var row = new PaymentStore.NewRow(
                id,
                priced,
                request.reference(),
                request.description(),
                request.channel(),
                request.returnUrl(),
                request.language(),
                citizen,
                caller.getName(),
                request.delayedCapture(),
                token(),
                idempotencyKey,
                now,
                now.plus(options.expiry()));
        var created = store.insert(row);
        if (created.isEmpty()) {
            // This key made a payment before (its answer was lost): that one is the answer.
            return get(caller, byKey(caller, idempotencyKey).orElseThrow(), base);
        }
        metrics.entered(PaymentStatus.CREATED, request.channel());
        return view(created.get(), base);
    }

    private Optional<UUID> byKey(KhidmaPrincipal caller, String idempotencyKey) {
        return idempotencyKey == null
                ? Optional.empty()
                : jdbi.withHandle(h -> store.paymentByKey(h, caller.getName(), idempotencyKey));
    }

    Payment get(KhidmaPrincipal caller, UUID id, URI base) {
        return view(visible(caller, id), base);
    }

    List<PaymentEvent> events(KhidmaPrincipal caller, UUID id) {
        visible(caller, id);
        return jdbi.withHandle(h -> store.events(h, id));
    }

    PaymentPage list(
            KhidmaPrincipal caller,
            String agency,
            PaymentStatus status,
            Instant from,
            Instant to,
            String reference,
            Integer limit,
            String cursor,
            URI base) {
        requireCaller(caller);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        String citizen = null;
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            if (agency != null) {
                throw invalid("agency", "is for agency clients; a citizen sees their own payments");
            }
            citizen = caller.getName();
        } else {
            var own = requireAgency(caller, READ_SCOPE);
            if (agency != null && !agency.equals(own)) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "An agency sees only its own payments");
            }
            agency = own;
        }
        var after = KeysetCursor.decode(cursor);
        var filter = new PaymentStore.Filter(
                citizen,
                agency,
                status,
                from,
                to,
                reference,
                after == null ? null : after.at(),
                after == null ? null : after.id());
        var rows = jdbi.withHandle(h -> store.list(h, filter, size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        String next = null;
        if (rows.size() > size) {
            var last = page.get(page.size() - 1).payment();
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new PaymentPage(page.stream().map(r -> view(r, base)).toList(), next);
    }

    // The status machine, driven by the service

    Payment capture(KhidmaPrincipal caller, UUID id, URI base) {
        var row = visible(caller, id);
        requireAgency(caller, WRITE_SCOPE);
        if (row.status() == PaymentStatus.CAPTURED) {
            return view(row, base);
        }
        if (row.status() != PaymentStatus.AUTHORISED) {
            throw illegal(row, PaymentStatus.CAPTURED);
        }
        try {
            var payment = row.payment();
            provider.run("capture", () -> provider.provider()
                    .capture(row.providerReference(), payment.amount(), payment.currency()));
        } catch (GuardedProvider.Unavailable e) {
            throw unavailable(e);
        } catch (ProviderException e) {
            LOG.warn("capture of payment {} failed: {}", id, e.getMessage());
            moveAndPublish(id, PaymentStatus.ERROR, "capture failed: " + e.getMessage(), PaymentStore.Change.NONE);
            voidQuietly(row.providerReference(), id);
            return get(caller, id, base);
        }
        if (!moveAndPublish(id, PaymentStatus.CAPTURED, null, PaymentStore.Change.NONE)) {
            var now = reload(id);
            if (now.status() != PaymentStatus.CAPTURED) {
                throw illegal(now, PaymentStatus.CAPTURED);
            }
        }
        return get(caller, id, base);
    }

    Payment cancel(KhidmaPrincipal caller, UUID id, URI base) {
        var row = visible(caller, id);
        requireAgency(caller, WRITE_SCOPE);
        if (row.status() == PaymentStatus.CANCELLED) {
            return view(row, base);
        }
        if (!row.status().canBecome(PaymentStatus.CANCELLED) || row.authorisingAt() != null) {
            throw illegal(row, PaymentStatus.CANCELLED);
        }
        if (!moveAndPublish(
                id, PaymentStatus.CANCELLED, "cancelled by " + caller.getName(), PaymentStore.Change.NONE)) {
            throw illegal(reload(id), PaymentStatus.CANCELLED);
        }
        if (row.status() == PaymentStatus.AUTHORISED) {
            voidQuietly(row.providerReference(), id);
        }
        return get(caller, id, base);
    }

    /** Expires every payment past its expiry; returns how many. Runs on a schedule, on any replica. */
    public int expireDue() {
        int expired = 0;
        int batch;
        do {
            batch = expire(null, 100);
            expired += batch;
        } while (batch == 100);
        return expired;
    }

    private record Expired(List<UUID> ids, List<PaymentChannel> channels) {}

    /** The audit event of a write to a payment, which concerns every agency with a line item in it. */
    private static AuditEvent audited(String action, Payment payment) {
        return AuditEvent.of(
                        action,
                        "payment",
                        payment.id().toString(),
                        payment.lineItems().stream().map(LineItem::agencyId).toList())
                .onBehalfOf(payment.citizen());
    }

    /** Expires up to {@code limit} overdue payments, or only {@code only} when given; returns how many. */
    private int expire(UUID only, int limit) {
        var now = clock.instant();
        var ids = jdbi.inTransaction(h -> {
            var locked = store.lockExpired(h, now, only, limit);
            var channels = new ArrayList<PaymentChannel>();
            for (var id : locked) {
                store.expire(h, id, now).ifPresent(channels::add);
                publish(h, id, WebhookEventType.PAYMENT_EXPIRED, null, now);
            }
            return new Expired(locked, channels);
        });
        ids.channels().forEach(channel -> metrics.entered(PaymentStatus.EXPIRED, channel));
        ids.ids().forEach(id -> notifyListeners(id, PaymentStatus.EXPIRED));
        return ids.ids().size();
    }

    // The hosted page, driven by the citizen

    /** The payment behind a page token; opening the page moves a new payment to STARTED. */
    Payment openPage(UUID id, String token) {
        var row = withPageToken(id, token);
        expireIfDue(row);
        if (row.status() == PaymentStatus.CREATED) {
            moveAndPublish(id, PaymentStatus.STARTED, null, PaymentStore.Change.NONE);
        }
        return reload(id).payment();
    }

    /** The outcome of a card submitted on the page. */
    record PageOutcome(Payment payment, String declineCode, boolean retryLater) {}

    PageOutcome pay(UUID id, String token, CardDetails card) {
        var row = withPageToken(id, token);
        expireIfDue(row);
        if (row.status() == PaymentStatus.CREATED) {
            moveAndPublish(id, PaymentStatus.STARTED, null, PaymentStore.Change.NONE);
        }
        var claimed = jdbi.withHandle(h -> store.claimAuthorisation(h, id, clock.instant()));
        if (!claimed) {
            // Submitted twice, or already finished: show where it stands.
            return new PageOutcome(reload(id).payment(), null, false);
        }
        var payment = row.payment();
        var summary = new CardSummary(card.brand(), card.last4());
        Authorisation authorisation;
        try {
            authorisation = provider.call("authorise", () -> provider.provider()
                    .authorise(new AuthorisationRequest(
                            id, payment.amount(), payment.currency(), payment.description(), card)));
        } catch (GuardedProvider.Unavailable e) {
            jdbi.useHandle(h -> store.releaseAuthorisation(h, id));
            return new PageOutcome(reload(id).payment(), null, true);
        } catch (ProviderException e) {
            LOG.warn("authorisation of payment {} failed: {}", id, e.getMessage());
            moveAndPublish(
                    id,
                    PaymentStatus.ERROR,
                    "provider failed: " + e.getMessage(),
                    PaymentStore.Change.endOfAuthorisation(summary, null));
            if (e instanceof GuardedProvider.TimedOut) {
                // The provider may have authorised after we stopped waiting: void it.
                voidQuietly(null, id);
            }
            return new PageOutcome(reload(id).payment(), null, false);
        }
        if (!authorisation.authorised()) {
            moveAndPublish(
                    id,
                    PaymentStatus.DECLINED,
                    authorisation.declineCode(),
                    PaymentStore.Change.endOfAuthorisation(summary, null));
            return new PageOutcome(reload(id).payment(), authorisation.declineCode(), false);
        }
        var reference = authorisation.providerReference();
        if (!moveAndPublish(
                id, PaymentStatus.AUTHORISED, null, PaymentStore.Change.endOfAuthorisation(summary, reference))) {
            // Expired or cancelled while the provider thought: give the money back.
            voidQuietly(reference, id);
            return new PageOutcome(reload(id).payment(), null, false);
        }
        if (!payment.delayedCapture()) {
            try {
                provider.run(
                        "capture", () -> provider.provider().capture(reference, payment.amount(), payment.currency()));
                moveAndPublish(id, PaymentStatus.CAPTURED, null, PaymentStore.Change.NONE);
            } catch (ProviderException e) {
                LOG.warn("capture of payment {} failed: {}", id, e.getMessage());
                moveAndPublish(id, PaymentStatus.ERROR, "capture failed: " + e.getMessage(), PaymentStore.Change.NONE);
                voidQuietly(reference, id);
            }
        }
        return new PageOutcome(reload(id).payment(), null, false);
    }

    Payment abandon(UUID id, String token) {
        var row = withPageToken(id, token);
        if (row.status().canBecome(PaymentStatus.ABANDONED)) {
            moveAndPublish(id, PaymentStatus.ABANDONED, "left the payment page", PaymentStore.Change.NONE);
        }
        return reload(id).payment();
    }

    // Refunds

    /**
     * Refunds part or all of a captured payment. With an Idempotency-Key already used for a refund
     * of this payment, returns that refund instead, first finishing it with the provider if its
     * answer was never recorded.
     */
    Refund refund(KhidmaPrincipal caller, UUID id, NewRefund request, String idempotencyKey) {
        visible(caller, id);
        var agency = requireAgency(caller, WRITE_SCOPE);
        var now = clock.instant();
        var refund = jdbi.inTransaction(h -> {
            var row = store.lock(h, id).orElseThrow(() -> notFound(id));
            if (idempotencyKey != null) {
                var earlier = store.refundByKey(h, id, idempotencyKey);
                if (earlier.isPresent()) {
                    var made = refundOf(h, id, earlier.get());
                    return new RefundJob(
                            made, row.providerReference(), row.payment().currency());
                }
            }
            var payment = row.payment();
            if (payment.status() != PaymentStatus.CAPTURED) {
                throw ProblemException.of(
                        ProblemType.CONFLICT,
                        "Only a captured payment can be refunded; this one is " + payment.status());
            }
            if (request.expectedRefundableAmount() != null
                    && request.expectedRefundableAmount() != payment.refundableAmount()) {
                throw new ProblemException(PaymentProblems.REFUNDABLE_AMOUNT_MISMATCH.problem(
                        "expected_refundable_amount is " + request.expectedRefundableAmount() + " but "
                                + payment.refundableAmount() + " is refundable: someone refunded meanwhile"));
            }
            var lines = allocate(payment, agency, request, store.committedRefunds(h, id));
            var submitted = new Refund(
                    UUID.randomUUID(), id, request.amount(), RefundStatus.SUBMITTED, lines, request.reason(), now);
            store.insertRefund(h, submitted, caller.getName(), idempotencyKey);
            store.event(
                    h,
                    id,
                    "refund.submitted",
                    payment.status(),
                    now,
                    submitted.id().toString());
            audit.record(h, audited("payment.refund", payment).after(submitted));
            return new RefundJob(submitted, row.providerReference(), payment.currency());
        });
        if (refund.refund().status() != RefundStatus.SUBMITTED) {
            return refund.refund();
        }
        return submit(refund);
    }

    /**
     * Settles the refunds left SUBMITTED for longer than {@code age}: the replica that asked the
     * provider died, or the database went away, before the answer was recorded. The provider
     * refunds once per refund id, so asking again is safe. Returns how many were settled.
     */
    public int settleSubmittedRefunds(Duration age) {
        var stuck =
                jdbi.withHandle(h -> store.submittedRefunds(h, clock.instant().minus(age), 50));
        int settled = 0;
        for (var refund : stuck) {
            var job = jdbi.inTransaction(h -> {
                var row = store.lock(h, refund.getValue()).orElseThrow();
                return new RefundJob(
                        refundOf(h, refund.getValue(), refund.getKey()),
                        row.providerReference(),
                        row.payment().currency());
            });
            if (job.refund().status() == RefundStatus.SUBMITTED) {
                try {
                    submit(job);
                } catch (ProblemException e) {
                    // The provider refused again: the refund is now settled as FAILED.
                }
                settled++;
            }
        }
        return settled;
    }

    private Refund refundOf(Handle h, UUID paymentId, UUID refundId) {
        return store.refunds(h, paymentId).stream()
                .filter(r -> r.id().equals(refundId))
                .findFirst()
                .orElseThrow();
    }

    private Refund submit(RefundJob refund) {
        var id = refund.refund().paymentId();
        try {
            provider.run("refund", () -> provider.provider()
                    .refund(
                            refund.providerReference(),
                            refund.refund().id(),
                            refund.refund().amount(),
                            refund.currency()));
        } catch (ProviderException e) {
            LOG.warn("refund {} of payment {} failed: {}", refund.refund().id(), id, e.getMessage());
            settle(refund.refund(), RefundStatus.FAILED);
            throw unavailable(e);
        }
        return settle(refund.refund(), RefundStatus.SUCCEEDED);
    }

    private record RefundJob(Refund refund, String providerReference, String currency) {}

    private Refund settle(Refund refund, RefundStatus status) {
        var now = clock.instant();
        var currency = new String[1];
        var settled = new Refund(
                refund.id(),
                refund.paymentId(),
                refund.amount(),
                status,
                refund.lineItems(),
                refund.reason(),
                refund.createdAt());
        jdbi.useTransaction(h -> {
            if (!store.settleRefund(h, refund.id(), status, now)) {
                return;
            }
            var payment = store.find(h, refund.paymentId()).orElseThrow().payment();
            currency[0] = payment.currency();
            var succeeded = status == RefundStatus.SUCCEEDED;
            if (succeeded) {
                store.ledgerRefund(h, payment, settled, now);
            }
            store.event(
                    h,
                    payment.id(),
                    succeeded ? "refund.succeeded" : "refund.failed",
                    payment.status(),
                    now,
                    refund.id().toString());
            publish(
                    h,
                    payment.id(),
                    succeeded ? WebhookEventType.PAYMENT_REFUNDED : WebhookEventType.REFUND_FAILED,
                    settled,
                    now);
        });
        if (currency[0] != null && status == RefundStatus.SUCCEEDED) {
            metrics.refunded(refund.amount(), currency[0]);
        }
        return settled;
    }

    /** Splits a refund over line items: as asked, or over the agency's own items in basket order. */
    private static List<RefundLine> allocate(
            Payment payment, String agency, NewRefund request, Map<Integer, Long> committed) {
        if (request.amount() > payment.refundableAmount()) {
            throw new ProblemException(PaymentProblems.REFUND_EXCEEDS_REFUNDABLE.problem("amount " + request.amount()
                    + " is more than the " + payment.refundableAmount() + " still refundable"));
        }
        var items = payment.lineItems();
        if (!request.lineItems().isEmpty()) {
            for (var line : request.lineItems()) {
                if (line.lineItem() > items.size()) {
                    throw invalid("line_items", "the payment has no line item " + line.lineItem());
                }
                var item = items.get(line.lineItem() - 1);
                if (!item.agencyId().equals(agency)) {
                    throw ProblemException.of(
                            ProblemType.FORBIDDEN,
                            "Line item " + line.lineItem() + " is agency " + item.agencyId() + "'s to refund");
                }
                long left = item.amount() - committed.getOrDefault(item.number(), 0L);
                if (line.amount() > left) {
                    throw new ProblemException(PaymentProblems.REFUND_EXCEEDS_REFUNDABLE.problem(
                            "line item " + line.lineItem() + " has only " + left + " left to refund"));
                }
            }
            return request.lineItems();
        }
        var lines = new ArrayList<RefundLine>();
        long remaining = request.amount();
        for (var item : items) {
            if (remaining == 0) {
                break;
            }
            if (!item.agencyId().equals(agency)) {
                continue;
            }
            long left = item.amount() - committed.getOrDefault(item.number(), 0L);
            long part = Math.min(left, remaining);
            if (part > 0) {
                lines.add(new RefundLine(item.number(), part));
                remaining -= part;
            }
        }
        if (remaining > 0) {
            throw new ProblemException(PaymentProblems.REFUND_EXCEEDS_REFUNDABLE.problem("agency " + agency
                    + "'s line items have only " + (request.amount() - remaining) + " left to refund"));
        }
        return lines;
    }

    List<Refund> refunds(KhidmaPrincipal caller, UUID id) {
        visible(caller, id);
        return jdbi.withHandle(h -> store.refunds(h, id));
    }

    // Internals shared by the flows

    /** Moves the payment and writes its webhook events, in one transaction; false if it could not move. */
    private boolean moveAndPublish(UUID id, PaymentStatus to, String detail, PaymentStore.Change change) {
        var now = clock.instant();
        var captured = new Payment[1];
        var moved = jdbi.inTransaction(h -> {
            var channel = store.move(h, id, to, now, detail, change);
            if (channel.isEmpty()) {
                return channel;
            }
            if (to == PaymentStatus.CAPTURED) {
                captured[0] = store.find(h, id).orElseThrow().payment();
                store.ledgerCapture(h, captured[0], now);
            }
            var type = eventFor(to);
            if (type != null) {
                publish(h, id, type, null, now);
            }
            if (to == PaymentStatus.CAPTURED || to == PaymentStatus.CANCELLED) {
                var payment = captured[0] != null
                        ? captured[0]
                        : store.find(h, id).orElseThrow().payment();
                audit.record(
                        h,
                        audited(to == PaymentStatus.CAPTURED ? "payment.capture" : "payment.cancel", payment)
                                .after(payment));
            }
            return channel;
        });
        if (moved.isEmpty()) {
            return false;
        }
        metrics.entered(to, moved.get());
        if (captured[0] != null) {
            metrics.captured(captured[0].amount(), captured[0].currency());
        }
        notifyListeners(id, to);
        return true;
    }

    /** Tells in-process listeners of a committed change; one that fails does not undo it. */
    private void notifyListeners(UUID id, PaymentStatus status) {
        for (var listener : listeners) {
            try {
                listener.accept(id, status);
            } catch (RuntimeException e) {
                LOG.warn("a payment listener failed for {} {}: {}", id, status, e.toString());
            }
        }
    }

    // The in-process API, for other server kits mounted beside payments (service requests)

    /**
     * Calls {@code listener} after every committed change of a payment's status, in the thread that
     * made it. A listener runs only in this process and may miss a change if the process stops just
     * after the commit: listeners that must not miss one reconcile with {@link #find}.
     */
    public void addStatusListener(BiConsumer<UUID, PaymentStatus> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Creates a payment for a citizen's fees on behalf of another server kit in this process, as
     * the platform client {@code clientId} (recorded as its creator); the citizen pays it on the
     * hosted page like any other. {@code payment.citizen()} names who pays.
     */
    public Payment createFor(String clientId, NewPayment payment, URI base, String idempotencyKey) {
        Objects.requireNonNull(payment.citizen(), "payment.citizen");
        var platform = new KhidmaPrincipal(
                clientId, KhidmaPrincipal.Kind.AGENCY_CLIENT, clientId, "platform", Set.of(WRITE_SCOPE), null);
        return create(platform, payment, base, idempotencyKey);
    }

    /** A payment by id, whoever made it; for other server kits in this process. */
    public Optional<Payment> find(UUID id, URI base) {
        return jdbi.withHandle(h -> store.find(h, id)).map(row -> view(row, base));
    }

    /** The outbox: one event for the agencies of the payment, delivered later by the events kit. */
    private void publish(Handle h, UUID paymentId, WebhookEventType type, Refund refund, Instant now) {
        var payment = store.find(h, paymentId).orElseThrow().payment();
        var payload = EventOutbox.json(new WebhookEvent(type, now, new WebhookEvent.Data(payment, refund)));
        events.publish(h, type, payment.agencies(), paymentId.toString(), payload, now);
    }

    /** The event a payment's move into {@code status} sends, if any. */
    private static WebhookEventType eventFor(PaymentStatus status) {
        return switch (status) {
            case AUTHORISED -> WebhookEventType.PAYMENT_AUTHORISED;
            case CAPTURED -> WebhookEventType.PAYMENT_CAPTURED;
            case DECLINED -> WebhookEventType.PAYMENT_DECLINED;
            case CANCELLED -> WebhookEventType.PAYMENT_CANCELLED;
            case ABANDONED -> WebhookEventType.PAYMENT_ABANDONED;
            case EXPIRED -> WebhookEventType.PAYMENT_EXPIRED;
            case ERROR -> WebhookEventType.PAYMENT_FAILED;
            case CREATED, STARTED -> null;
        };
    }

    /** The page may be opened before the sweeper has run: an overdue payment expires now. */
    private void expireIfDue(PaymentStore.Row row) {
        if (row.payment().expiresAt().isBefore(clock.instant())) {
            expire(row.id(), 1);
        }
    }

    private void voidQuietly(String providerReference, UUID paymentId) {
        try {
            provider.run("cancel", () -> provider.provider().cancel(paymentId, providerReference));
        } catch (ProviderException e) {
            LOG.warn("could not void the authorisation of payment {}: {}", paymentId, e.getMessage());
        }
    }

    private PaymentStore.Row reload(UUID id) {
        return jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
    }

    private PaymentStore.Row withPageToken(UUID id, String token) {
        var row = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        if (token == null
                || !MessageDigest.isEqual(
                        row.pageToken().getBytes(StandardCharsets.US_ASCII),
                        token.getBytes(StandardCharsets.US_ASCII))) {
            throw notFound(id);
        }
        return row;
    }

    /** The payment if the caller may see it; 404 otherwise, so ids of others' payments reveal nothing. */
    private PaymentStore.Row visible(KhidmaPrincipal caller, UUID id) {
        requireCaller(caller);
        var row = jdbi.withHandle(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
        var payment = row.payment();
        boolean allowed = caller.kind() == KhidmaPrincipal.Kind.CITIZEN
                ? caller.getName().equals(payment.citizen())
                : caller.agency().filter(payment.agencies()::contains).isPresent()
                        && (caller.hasScope(READ_SCOPE) || caller.hasScope(WRITE_SCOPE));
        if (!allowed) {
            throw notFound(id);
        }
        return row;
    }

    private Payment view(PaymentStore.Row row, URI base) {
        var p = row.payment();
        URI next = null;
        if (p.status() == PaymentStatus.CREATED || p.status() == PaymentStatus.STARTED) {
            next = UriBuilder.fromUri(options.publicUri() != null ? options.publicUri() : base)
                    .path("pay")
                    .path(p.id().toString())
                    .queryParam("token", row.pageToken())
                    .build();
        }
        return new Payment(
                p.id(),
                p.status(),
                p.amount(),
                p.currency(),
                p.lineItems(),
                p.reference(),
                p.description(),
                p.channel(),
                p.returnUrl(),
                p.language(),
                p.citizen(),
                p.delayedCapture(),
                p.capturedAmount(),
                p.refundedAmount(),
                p.refundableAmount(),
                p.card(),
                p.createdAt(),
                p.expiresAt(),
                next);
    }

    /** The citizen a new payment is for: the caller, or the one an agency client names. */
    private static String payer(KhidmaPrincipal caller, String named) {
        requireCaller(caller);
        if (caller.kind() == KhidmaPrincipal.Kind.CITIZEN) {
            if (named != null && !named.equals(caller.getName())) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "A citizen pays only for themselves");
            }
            return caller.getName();
        }
        requireAgency(caller, WRITE_SCOPE);
        return named;
    }

    private static void requireCaller(KhidmaPrincipal caller) {
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "Payments need a bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
    }

    /** The caller's agency, if it is an agency client with the scope. */
    static String requireAgency(KhidmaPrincipal caller, String scope) {
        requireCaller(caller);
        if (caller.kind() != KhidmaPrincipal.Kind.AGENCY_CLIENT
                || caller.agency().isEmpty()) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only an agency client may do this");
        }
        boolean granted = caller.hasScope(scope) || (scope.equals(READ_SCOPE) && caller.hasScope(WRITE_SCOPE));
        if (!granted) {
            throw ProblemException.of(ProblemType.INSUFFICIENT_SCOPE, "This needs scope " + scope)
                    .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        }
        return caller.agency().get();
    }

    private static ProblemException illegal(PaymentStore.Row row, PaymentStatus target) {
        return new ProblemException(PaymentProblems.ILLEGAL_TRANSITION.problem(
                "Payment " + row.id() + " is " + row.status() + " and cannot become " + target));
    }

    private static ProblemException unavailable(ProviderException e) {
        return ProblemException.of(ProblemType.SERVICE_UNAVAILABLE, e.getMessage())
                .withHeader("Retry-After", "30");
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No payment " + id);
    }

    static ProblemException invalid(String field, String reason) {
        return ProblemException.invalid(field, reason);
    }

    private static String token() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
