package io.khidma.core.catalogue.server;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.AgencyKpi;
import io.khidma.core.catalogue.model.Audience;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.DigitalServiceKpis;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.RatingSummary;
import io.khidma.core.catalogue.model.ServicePage;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.identity.server.AgencyAccess;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.search.Spelling;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Text;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** The catalogue's rules: who may change what, optimistic concurrency, search paging, KPIs. */
public final class CatalogueService {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** How many of the vocabulary's nearest words spelling correction weighs for each typed word. */
    private static final int NEAREST_WORDS = 8;

    /** The scope that defines integrated journeys: the platform's, not an agency's. */
    static final String JOURNEYS_SCOPE = "catalogue:journeys";

    private final CatalogueStore store;
    private final JourneyStore journeys;
    private final SearchAnalysis analysis;
    private final Clock clock;
    private volatile TransactionKpiSource transactions;

    CatalogueService(CatalogueStore store, JourneyStore journeys, SearchAnalysis analysis, Clock clock) {
        this.store = store;
        this.analysis = analysis;
        this.journeys = journeys;
        this.clock = clock;
    }

    /**
     * A search page; {@code cursor} is the previous page's {@code next}. When the query as typed
     * matches nothing, its unknown words are corrected (see {@link Spelling}) and the page holds
     * what the corrected query finds, with the correction in {@code did_you_mean}; so do the pages
     * after it.
     */
    public ServicePage search(
            String q,
            String agency,
            String event,
            ChannelType channel,
            Audience audience,
            Boolean digital,
            Integer limit,
            String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        if (q != null && q.length() > 200) {
            throw invalid("q", "must be at most 200 characters");
        }
        var after = cursor == null ? null : decodeCursor(cursor);
        var tsquery = q == null ? null : analysis.tsquery(q);
        if (q != null && tsquery == null) {
            // Only stop words or punctuation: nothing can match.
            return new ServicePage(List.of(), null, null);
        }
        String corrected = null;
        List<CatalogueStore.Hit> hits = List.of();
        if (after == null || !after.corrected()) {
            hits = store.search(query(tsquery, agency, event, channel, audience, digital, after), size + 1);
        }
        if (hits.isEmpty() && q != null && (after == null || after.corrected())) {
            corrected = Spelling.correct(q, analysis, store.nearestWords(Spelling.lookups(q, analysis), NEAREST_WORDS))
                    .orElse(null);
            if (corrected != null) {
                hits = store.search(
                        query(analysis.tsquery(corrected), agency, event, channel, audience, digital, after), size + 1);
            }
            if (hits.isEmpty()) {
                corrected = null;
            }
        }
        var page = hits.size() > size ? hits.subList(0, size) : hits;
        String next = null;
        if (hits.size() > size) {
            var last = page.get(page.size() - 1);
            next = encodeCursor(new Cursor(last.rank(), last.stored().service().code(), corrected != null));
        }
        return new ServicePage(page.stream().map(h -> h.stored().service()).toList(), next, corrected);
    }

    private static SearchQuery query(
            String tsquery,
            String agency,
            String event,
            ChannelType channel,
            Audience audience,
            Boolean digital,
            Cursor after) {
        return new SearchQuery(
                tsquery,
                agency,
                event,
                channel,
                audience,
                digital,
                after == null ? null : after.rank(),
                after == null ? null : after.code());
    }

    /**
     * The services among {@code ids} that exist, by id, read in one query: for in-process users such
     * as the payments server pricing a basket.
     */
    public Map<UUID, PublicService> findAll(Collection<UUID> ids) {
        var found = new HashMap<UUID, PublicService>();
        if (!ids.isEmpty()) {
            store.findAll(ids.stream().distinct().toArray(UUID[]::new))
                    .forEach(stored -> found.put(stored.service().id(), stored.service()));
        }
        return found;
    }

    /**
     * A service as fees are priced from it: its costs and status, and the name of the agency that
     * delivers it (ratings left out).
     */
    public record Priceable(PublicService service, Text agencyName) {}

    /** The services with these ids that exist, for pricing their fees, in one query. */
    public Map<UUID, Priceable> priceable(Collection<UUID> ids) {
        return ids.isEmpty()
                ? Map.of()
                : store.priceable(ids.stream().distinct().toArray(UUID[]::new));
    }

    CatalogueStore.Stored get(UUID id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    CatalogueStore.Stored create(KhidmaPrincipal caller, PublicService service) {
        requireOwnAgency(caller, service.agencyId());
        requireAgencyExists(service.agencyId());
        requireValidForm(service);
        var fresh = service.withCatalogueFields(UUID.randomUUID(), ServiceStatus.ACTIVE, null, clock.instant());
        if (store.insert(fresh, event("service.create", fresh).after(fresh))) {
            return get(fresh.id());
        }
        // The code is taken. A retry of the same create (same content) gets the service it made.
        var existing = store.findByCode(service.code()).orElseThrow();
        var asWritten = existing.service().withCatalogueFields(null, null, null, null);
        if (asWritten.equals(service.withCatalogueFields(null, null, null, null))) {
            return get(existing.service().id());
        }
        throw ProblemException.of(ProblemType.CONFLICT, "A service with code " + service.code() + " exists");
    }

    CatalogueStore.Stored replace(KhidmaPrincipal caller, UUID id, String ifMatch, PublicService service) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.of(
                    ProblemType.PRECONDITION_REQUIRED, "Send If-Match with the ETag of the version you replace");
        }
        var current = get(id);
        requireOwnAgency(caller, current.service().agencyId());
        requireOwnAgency(caller, service.agencyId());
        requireValidForm(service);
        if (!matches(ifMatch, current.etag())) {
            throw stale(id);
        }
        var replacement = service.withCatalogueFields(id, current.service().status(), null, clock.instant());
        if (!store.update(
                replacement,
                current.version(),
                event("service.update", replacement).before(current.service()).after(replacement))) {
            throw stale(id);
        }
        return get(id);
    }

    CatalogueStore.Stored withdraw(KhidmaPrincipal caller, UUID id) {
        var current = get(id);
        requireOwnAgency(caller, current.service().agencyId());
        if (current.service().status() == ServiceStatus.WITHDRAWN) {
            return current;
        }
        var withdrawn = current.service().withCatalogueFields(id, ServiceStatus.WITHDRAWN, null, clock.instant());
        if (!store.update(
                withdrawn,
                current.version(),
                event("service.withdraw", withdrawn).before(current.service()).after(withdrawn))) {
            throw stale(id);
        }
        return get(id);
    }

    RatingSummary rate(KhidmaPrincipal caller, UUID id, Rating rating) {
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "Rating a service needs a citizen's bearer token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"khidma\"");
        }
        if (caller.kind() != KhidmaPrincipal.Kind.CITIZEN) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only citizens rate services");
        }
        var service = get(id).service();
        if (service.status() != ServiceStatus.ACTIVE) {
            throw ProblemException.of(ProblemType.CONFLICT, "The service is withdrawn");
        }
        return store.rate(id, caller.subject(), rating, null, clock.instant());
    }

    /**
     * Records a citizen's rating of a service they received: given for a completed request, it
     * counts as verified. For other server kits in the same process (service requests).
     */
    public RatingSummary rateVerified(UUID serviceId, String citizen, Rating rating, String requestNumber) {
        Objects.requireNonNull(requestNumber, "requestNumber");
        return store.rate(
                serviceId, Objects.requireNonNull(citizen, "citizen"), rating, requestNumber, clock.instant());
    }

    /** A service by id, whatever its status; for other server kits in the same process. */
    public Optional<PublicService> find(UUID id) {
        return store.find(id).map(CatalogueStore.Stored::service);
    }

    /** A service by its code, whatever its status; for other server kits in the same process. */
    public Optional<PublicService> findByCode(String code) {
        return store.findByCode(code).map(CatalogueStore.Stored::service);
    }

    /**
     * The services with these codes that exist, by code, whatever their status, in one query; for
     * other server kits in the same process.
     */
    public Map<String, PublicService> findAllByCode(Collection<String> codes) {
        var found = new HashMap<String, PublicService>();
        for (var stored : store.findAllByCode(codes)) {
            found.put(stored.service().code(), stored.service());
        }
        return found;
    }

    /** A journey by its code; for other server kits in the same process (service requests). */
    public Optional<Journey> journey(String code) {
        return journeys.find(code).map(JourneyStore.Stored::journey);
    }

    JourneyStore.Stored storedJourney(String code) {
        return journeys.find(code).orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No journey " + code));
    }

    List<Journey> journeys() {
        return journeys.all().stream().map(JourneyStore.Stored::journey).toList();
    }

    /**
     * Defines a journey, or replaces it when {@code ifMatch} carries its current ETag. Only the
     * platform (scope {@value #JOURNEYS_SCOPE}) defines journeys; agencies own their services.
     */
    JourneyStore.Stored saveJourney(KhidmaPrincipal caller, String code, String ifMatch, Journey journey) {
        AgencyAccess.requireAgency(caller, JOURNEYS_SCOPE);
        if (!journey.code().equals(code)) {
            throw invalid("code", "must be the code in the path, " + code);
        }
        var errors = JourneyRules.check(journey, this::findByCode);
        if (!errors.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_INPUT, "The journey is not valid", errors);
        }
        return saveJourney(journey.withLastModified(clock.instant()), ifMatch);
    }

    /** Defines or replaces a journey without a caller: for seeding, never exposed over HTTP. */
    public void importJourney(Journey journey) {
        var errors = JourneyRules.check(journey, this::findByCode);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("journey " + journey.code() + " is not valid: " + errors);
        }
        var current = journeys.find(journey.code());
        saveJourney(
                journey.withLastModified(clock.instant()),
                current.map(JourneyStore.Stored::etag).orElse(null));
    }

    private JourneyStore.Stored saveJourney(Journey journey, String ifMatch) {
        var current = journeys.find(journey.code());
        if (current.isEmpty()) {
            if (!journeys.insert(journey)) {
                throw ProblemException.of(
                        ProblemType.PRECONDITION_FAILED, "Journey " + journey.code() + " was just made");
            }
        } else {
            if (ifMatch == null || ifMatch.isBlank()) {
                throw ProblemException.of(
                        ProblemType.PRECONDITION_REQUIRED, "Send If-Match with the ETag of the journey you replace");
            }
            if (!matches(ifMatch, current.get().etag())
                    || !journeys.update(journey, current.get().version())) {
                throw ProblemException.of(
                        ProblemType.PRECONDITION_FAILED, "Journey " + journey.code() + " changed since that ETag");
            }
        }
        return journeys.find(journey.code()).orElseThrow();
    }

    /** Every agency, ordered by id. */
    public List<Agency> agencies() {
        return store.agencies();
    }

    Agency agency(String id) {
        return store.agency(id).orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No agency " + id));
    }

    /** Plugs in the module that records transactions, for the transaction and service-centre KPIs. */
    public void transactionKpis(TransactionKpiSource source) {
        this.transactions = Objects.requireNonNull(source, "source");
    }

    TransactionKpiSource transactionKpis() {
        var source = transactions;
        if (source == null) {
            throw ProblemException.of(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "This server records no transactions: mount the service requests module beside the catalogue");
        }
        return source;
    }

    DigitalServiceKpis kpis() {
        var perAgency = store.kpis().stream()
                .map(k -> new AgencyKpi(
                        k.agencyId(),
                        k.activeServices(),
                        k.fullyDigitalServices(),
                        share(k.fullyDigitalServices(), k.activeServices()),
                        k.channels()))
                .toList();
        long active = perAgency.stream().mapToLong(AgencyKpi::activeServices).sum();
        long digital =
                perAgency.stream().mapToLong(AgencyKpi::fullyDigitalServices).sum();
        var channels = new TreeSet<ChannelType>();
        perAgency.forEach(k -> channels.addAll(k.channels()));
        return new DigitalServiceKpis(
                perAgency, new AgencyKpi("*", active, digital, share(digital, active), List.copyOf(channels)));
    }

    /** Creates or updates an agency; for seeding and administration, not exposed over HTTP. */
    public void saveAgency(Agency agency) {
        store.saveAgency(Objects.requireNonNull(agency, "agency"));
    }

    /**
     * Adds a service unless its code exists, without a caller: for seeding and administrative
     * imports, never exposed over HTTP. Returns whether it was added.
     */
    public boolean importService(PublicService service) {
        requireAgencyExists(service.agencyId());
        requireValidForm(service);
        var fresh = service.withCatalogueFields(UUID.randomUUID(), ServiceStatus.ACTIVE, null, clock.instant());
        return store.insert(fresh, event("service.import", fresh).after(fresh));
    }

    private static AuditEvent event(String action, PublicService service) {
        return AuditEvent.of(action, "service", service.id().toString(), service.agencyId());
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    private static void requireValidForm(PublicService service) {
        if (service.form() == null) {
            return;
        }
        var errors = ApplicationForms.check(service.form(), service.costs());
        if (!errors.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_INPUT, "The application form is not valid", errors);
        }
    }

    private void requireAgencyExists(String agencyId) {
        if (store.agency(agencyId).isEmpty()) {
            throw invalid("agency_id", "no agency " + agencyId + " in the catalogue");
        }
    }

    private static void requireOwnAgency(KhidmaPrincipal caller, String agencyId) {
        if (caller == null
                || caller.agency().isEmpty()
                || !caller.agency().get().equals(agencyId)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only agency " + agencyId + " may change its services");
        }
    }

    private static boolean matches(String ifMatch, String etag) {
        for (var candidate : ifMatch.split(",")) {
            var value = candidate.trim();
            if (value.equals("*") || value.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException stale(UUID id) {
        return ProblemException.of(
                ProblemType.PRECONDITION_FAILED, "Service " + id + " changed since that ETag; read it again");
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No service " + id);
    }

    private static ProblemException invalid(String field, String reason) {
        return ProblemException.of(
                ProblemType.INVALID_INPUT,
                field + " " + reason,
                List.of(new FieldError(field, "invalid-value", reason)));
    }

    /** Where a page ended, and whether its query was the corrected one. */
    private record Cursor(float rank, String code, boolean corrected) {}

    private static String encodeCursor(Cursor cursor) {
        var text = (cursor.corrected() ? "~" : "") + cursor.rank() + ":" + cursor.code();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decodeCursor(String cursor) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            boolean corrected = text.startsWith("~");
            if (corrected) {
                text = text.substring(1);
            }
            int colon = text.indexOf(':');
            var code = text.substring(colon + 1);
            if (colon < 1 || !code.matches("[A-Z0-9-]{2,40}")) {
                throw invalid("cursor", "is not a cursor this API issued");
            }
            return new Cursor(Float.parseFloat(text.substring(0, colon)), code, corrected);
        } catch (IllegalArgumentException e) {
            throw invalid("cursor", "is not a cursor this API issued");
        }
    }
}
