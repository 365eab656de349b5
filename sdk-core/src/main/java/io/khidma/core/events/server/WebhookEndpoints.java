package io.khidma.core.events.server;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.SecretRotation;
import io.khidma.core.events.model.WebhookDeliveryPage;
import io.khidma.core.events.model.WebhookEndpoint;
import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.KeysetCursor;
import io.khidma.core.server.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Agencies' webhook endpoints: registration, secret rotation with an overlap, the delivery log. */
final class WebhookEndpoints {

    /**
     * Scopes that manage an agency's endpoints. {@code payments:write} was the scope while webhooks
     * belonged to payments; clients holding it keep managing their endpoints.
     */
    static final String[] WRITE_SCOPES = {"webhooks:write", "payments:write"};

    static final String[] READ_SCOPES = {"webhooks:read", "webhooks:write", "payments:read", "payments:write"};

    /** The scope that registers a platform endpoint, which receives every agency's events. */
    static final String PLATFORM_SCOPE = "webhooks:platform";

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final Jdbi jdbi;
    private final WebhookStore store;
    private final WebhookOptions options;
    private final WebhookTargets targets;
    private final WebhookKeys keys;
    private final Clock clock;
    private final AuditTrail audit;

    WebhookEndpoints(
            Jdbi jdbi, WebhookStore store, WebhookOptions options, WebhookKeys keys, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.store = store;
        this.options = options;
        this.targets = WebhookTargets.of(options);
        this.keys = keys;
        this.clock = clock;
    }

    WebhookEndpoint register(KhidmaPrincipal caller, NewWebhookEndpoint request) {
        var agency = AgencyAccess.requireAgency(caller, WRITE_SCOPES);
        if (!"https".equals(request.url().getScheme()) && !options.allowPlainHttp()) {
            throw ProblemException.invalid("url", "must be https");
        }
        targets.refusalAtRegistration(request.url()).ifPresent(reason -> {
            throw ProblemException.invalid("url", reason);
        });
        if (request.isPlatform()) {
            AgencyAccess.requireAgency(caller, PLATFORM_SCOPE);
        }
        var secret = WebhookSecret.generate().encoded();
        var endpoint = new WebhookEndpoint(
                UUID.randomUUID(),
                agency,
                request.url(),
                request.eventTypes().stream().distinct().toList(),
                request.isPlatform(),
                request.description(),
                clock.instant(),
                null);
        jdbi.useTransaction(h -> {
            store.insertEndpoint(h, endpoint, keys.seal(endpoint.id(), secret));
            audit.record(h, event("webhook.endpoint.create", endpoint).after(endpoint));
        });
        return withSecret(endpoint, secret);
    }

    List<WebhookEndpoint> list(KhidmaPrincipal caller) {
        var agency = AgencyAccess.requireAgency(caller, READ_SCOPES);
        return jdbi.withHandle(h -> store.endpoints(h, agency));
    }

    WebhookEndpoint get(KhidmaPrincipal caller, UUID id) {
        var agency = AgencyAccess.requireAgency(caller, READ_SCOPES);
        return jdbi.withHandle(h -> store.endpoint(h, id))
                .filter(endpoint -> endpoint.agencyId().equals(agency))
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No webhook endpoint " + id));
    }

    /** A new secret; the ones signing until now keep signing for the overlap, then stop. */
    WebhookEndpoint rotate(KhidmaPrincipal caller, UUID id, SecretRotation rotation) {
        AgencyAccess.requireAgency(caller, WRITE_SCOPES);
        var endpoint = get(caller, id);
        var secret = WebhookSecret.generate().encoded();
        var now = clock.instant();
        var overlap = Duration.ofSeconds(rotation.overlapSeconds());
        jdbi.useTransaction(h -> {
            store.retireSecrets(h, id, now.plus(overlap));
            store.addSecret(h, id, keys.seal(id, secret), now);
            // The secrets themselves are never digested: a digest of a secret is a way to test guesses.
            audit.record(h, event("webhook.secret.rotate", endpoint));
        });
        return withSecret(endpoint, secret);
    }

    void delete(KhidmaPrincipal caller, UUID id) {
        AgencyAccess.requireAgency(caller, WRITE_SCOPES);
        var endpoint = get(caller, id);
        jdbi.useTransaction(h -> {
            store.deleteEndpoint(h, id, clock.instant());
            audit.record(h, event("webhook.endpoint.delete", endpoint).before(endpoint));
        });
    }

    /**
     * Seals every stored secret not yet under the newest key: those stored before secrets were
     * sealed, and those under a key being rotated out. Replicas starting together do not conflict:
     * each row changes only from the value it was read with.
     *
     * @return how many secrets were sealed again
     */
    int resealSecrets() {
        int resealed = 0;
        for (var stored : jdbi.withHandle(store::allSecrets)) {
            if (keys.isSealedWithCurrent(stored.secret())) {
                continue;
            }
            var sealed = keys.seal(stored.endpointId(), keys.open(stored.endpointId(), stored.secret()));
            resealed += jdbi.withHandle(h -> store.replaceSecret(h, stored.endpointId(), stored.secret(), sealed));
        }
        return resealed;
    }

    WebhookDeliveryPage deliveries(KhidmaPrincipal caller, UUID id, Integer limit, String cursor) {
        get(caller, id);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        var after = KeysetCursor.decode(cursor);
        var items = jdbi.withHandle(h -> store.deliveries(
                h, id, after == null ? null : after.at(), after == null ? null : after.id(), size + 1));
        var page = items.size() > size ? items.subList(0, size) : items;
        String next = null;
        if (items.size() > size) {
            var last = page.get(page.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new WebhookDeliveryPage(page, next);
    }

    private static AuditEvent event(String action, WebhookEndpoint endpoint) {
        return AuditEvent.of(action, "webhook_endpoint", endpoint.id().toString(), endpoint.agencyId());
    }

    private static WebhookEndpoint withSecret(WebhookEndpoint endpoint, String secret) {
        return new WebhookEndpoint(
                endpoint.id(),
                endpoint.agencyId(),
                endpoint.url(),
                endpoint.eventTypes(),
                endpoint.platform(),
                endpoint.description(),
                endpoint.createdAt(),
                secret);
    }
}
