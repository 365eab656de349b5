package io.khidma.requests.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyStep;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.ApplicationForms;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.KeysetCursor;
import io.khidma.core.server.ProblemException;
import io.khidma.core.text.Text;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.JourneyApplication;
import io.khidma.requests.model.JourneyApplicationPage;
import io.khidma.requests.model.NewJourneyApplication;
import io.khidma.requests.model.PaymentDue;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.TimelineEntry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Integrated journeys: the citizen tells once, consents per agency, pays once; each step becomes a
 * request of its agency holding only the fields its step declares. Steps wait {@code BLOCKED} and
 * are released, with the outputs they take, when every step they depend on completes; a step
 * rejected, cancelled or withdrawn stops the steps that depend on it. Every change to a journey's
 * steps takes the journey's row lock first, so parallel steps completing at once on several
 * replicas release each waiting step exactly once.
 */
public final class JourneyService {

    private static final TypeReference<List<JourneyStep>> STEPS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final RequestStore store;
    private final RequestService requests;
    private final Clock clock;
    private final Map<String, ApplicationForms.CompiledForm> stepForms = new ConcurrentHashMap<>();

    JourneyService(Jdbi jdbi, RequestStore store, RequestService requests, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.requests = requests;
        this.clock = clock;
    }

    /** Applies for a journey as the caller, as {@code POST /journey-applications} does. */
    public JourneyApplication apply(
            KhidmaPrincipal caller, NewJourneyApplication application, URI base, String key, Locale locale) {
        var citizen = Callers.applicant(caller, application.citizen());
        var submittedBy = caller.clientId() == null ? caller.subject() : caller.clientId();
        if (key != null) {
            var existing = jdbi.withHandle(h -> store.journeyByKey(h, submittedBy, key));
            if (existing.isPresent()) {
                return view(existing.get(), base, null);
            }
        }
        var journey = requests.catalogue()
                .journey(application.journey())
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No journey " + application.journey()));
        var byCode = requests.catalogue()
                .findAllByCode(
                        journey.steps().stream().map(JourneyStep::serviceCode).toList());
        var services = new LinkedHashMap<String, PublicService>();
        for (var step : journey.steps()) {
            var service = byCode.get(step.serviceCode());
            if (service == null) {
                throw ProblemException.of(ProblemType.UNPROCESSABLE, "No service " + step.serviceCode());
            }
            services.put(step.key(), requests.takingApplications(service));
        }
        requireConsent(journey, services, application.consent());
        var errors = new LinkedHashMap<String, FieldError>();
        for (var step : journey.steps()) {
            var service = services.get(step.key());
            for (var error : stepForm(journey, step, service)
                    .validate(part(application.data(), step.fields()), "data", locale)) {
                errors.putIfAbsent(error.field() + "|" + error.code(), error);
            }
        }
        var known = new TreeSet<String>();
        journey.steps().forEach(step -> known.addAll(step.fields()));
        application.data().fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.putIfAbsent(
                        "data." + name,
                        new FieldError("data." + name, "unknown-field", "no step of the journey asks for it"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.of(
                    ProblemType.INVALID_INPUT, "The application is not valid", List.copyOf(errors.values()));
        }
        var documentsByStep = documentsByStep(journey, services, application.documents(), citizen);
        var payable = journey.steps().stream()
                .map(step -> services.get(step.key()))
                .filter(service -> !service.form().submissionFees().isEmpty())
                .toList();
        var now = clock.instant();
        var journeyId = UUID.randomUUID();
        UUID paymentId = payable.isEmpty()
                ? null
                : requests.pay(
                        citizen,
                        payable,
                        application.channel(),
                        application.language(),
                        application.returnUrl(),
                        base,
                        key == null ? null : "journey:" + submittedBy + ":" + key,
                        journey.code());
        var row = jdbi.inTransaction(h -> {
            // The journey's number ("J-...") and each step's request's, in one statement.
            var prefixes = new ArrayList<String>(List.of("J"));
            journey.steps()
                    .forEach(step -> prefixes.add(services.get(step.key()).agencyId()));
            var numbers = requests.numbers(h, prefixes, now);
            var number = numbers.get(0);
            var stepNumbers = numbers.subList(1, numbers.size()).iterator();
            var consent = consent(journey, services, now);
            var journeyRow = new RequestStore.JourneyRow(
                    journeyId,
                    number,
                    journey.code(),
                    journey.title().ar(),
                    journey.title().en(),
                    citizen,
                    submittedBy,
                    KhidmaJson.mapper().valueToTree(journey.steps()),
                    KhidmaJson.mapper().valueToTree(consent),
                    paymentId,
                    now);
            store.insertJourney(h, journeyRow, key);
            var actor = Callers.actor(caller);
            var rows = new ArrayList<RequestStore.Row>();
            var happenings = new ArrayList<RequestService.Happening>();
            for (var step : journey.steps()) {
                var service = services.get(step.key());
                boolean ready = step.dependsOn().isEmpty();
                var sla = requests.sla(service);
                var request = new RequestStore.Row(
                        UUID.randomUUID(),
                        stepNumbers.next(),
                        service.id(),
                        service.code(),
                        service.agencyId(),
                        citizen,
                        submittedBy,
                        application.channel(),
                        application.language(),
                        ready ? RequestStatus.SUBMITTED : RequestStatus.BLOCKED,
                        paymentId != null,
                        paymentId,
                        part(application.data(), step.fields()),
                        null,
                        null,
                        null,
                        sla.toSeconds(),
                        ready ? now.plus(sla) : null,
                        null,
                        journeyId,
                        step.key(),
                        null,
                        ready ? now : null,
                        now,
                        now);
                rows.add(request);
                happenings.add(new RequestService.Happening(
                        request, ready ? "submitted" : "blocked", actor, journey.code() + "/" + step.key()));
                if (paymentId != null) {
                    happenings.add(new RequestService.Happening(request, "payment_due", "khidma", null));
                }
            }
            // Each kind of row in one round trip: the requests, their documents, their events.
            store.insertAll(h, rows);
            for (var request : rows) {
                for (var document : documentsByStep.getOrDefault(request.stepKey(), List.of())) {
                    store.attach(h, request.id(), document, false, now);
                }
            }
            requests.record(h, happenings, now);
            return journeyRow;
        });
        return view(row, base, null);
    }

    JourneyApplication get(KhidmaPrincipal caller, String number, URI base, Locale locale) {
        var citizen = Callers.requireCitizen(caller);
        var row = jdbi.withHandle(h -> store.journey(h, number))
                .filter(j -> j.citizen().equals(citizen))
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No journey application " + number));
        return view(row, base, locale);
    }

    JourneyApplicationPage mine(KhidmaPrincipal caller, Integer limit, String cursor) {
        var citizen = Callers.requireCitizen(caller);
        int size = RequestService.limit(limit);
        var after = KeysetCursor.decode(cursor);
        var rows = jdbi.withHandle(h -> store.journeysForCitizen(
                h, citizen, after == null ? null : after.at(), after == null ? null : after.id(), size + 1));
        var page = rows.size() > size ? rows.subList(0, size) : rows;
        String next = null;
        if (rows.size() > size) {
            var last = page.get(page.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new JourneyApplicationPage(
                page.stream().map(r -> view(r, null, null)).toList(), next);
    }

    /**
     * A step's status changed, in the transaction that changed it and under the journey's lock:
     * a completed step releases the steps now ready; a step that will never complete stops the
     * steps that depend on it, saying which and why.
     */
    void stepChanged(Handle h, RequestStore.Row step, Instant now) {
        var journey = store.journey(h, step.journeyId()).orElseThrow();
        var definition = steps(journey);
        var rows = new LinkedHashMap<String, RequestStore.Row>();
        store.steps(h, journey.id()).forEach(r -> rows.put(r.stepKey(), r));
        if (step.status() == RequestStatus.COMPLETED) {
            for (var waiting : definition) {
                var row = rows.get(waiting.key());
                if (row.status() != RequestStatus.BLOCKED
                        || !waiting.dependsOn().stream()
                                .allMatch(d -> rows.get(d).status() == RequestStatus.COMPLETED)) {
                    continue;
                }
                release(h, row, waiting, rows, now);
            }
        } else if (step.status() == RequestStatus.REJECTED
                || step.status() == RequestStatus.CANCELLED
                || step.status() == RequestStatus.WITHDRAWN) {
            var stopped = dependants(definition, step.stepKey());
            for (var key : stopped) {
                var row = rows.get(key);
                if (row.status() != RequestStatus.BLOCKED) {
                    continue;
                }
                var edit = RequestService.move(row, RequestStatus.CANCELLED);
                var after = edit.done(now);
                store.update(h, after, now);
                requests.record(
                        h,
                        after,
                        "stopped",
                        "khidma",
                        "step " + step.stepKey() + " (" + step.number() + ") was " + step.status(),
                        now);
            }
        }
    }

    private void release(
            Handle h, RequestStore.Row row, JourneyStep step, Map<String, RequestStore.Row> rows, Instant now) {
        var inputs = KhidmaJson.mapper().createObjectNode();
        var missing = new ArrayList<String>();
        for (var input : step.inputs().entrySet()) {
            var source = input.getValue().split("\\.", 2);
            var outputs = rows.get(source[0]).outputs();
            var value = outputs == null ? null : outputs.get(source[1]);
            if (value == null) {
                missing.add(input.getValue());
            } else {
                inputs.set(input.getKey(), value);
            }
        }
        // The service level was fixed when the citizen applied: no catalogue read under the journey's lock.
        var edit = RequestService.move(row, RequestStatus.SUBMITTED);
        edit.inputs = inputs;
        edit.submittedAt = now;
        edit.dueAt = now.plusSeconds(row.slaSeconds());
        var after = edit.done(now);
        store.update(h, after, now);
        requests.record(
                h,
                after,
                "released",
                "khidma",
                missing.isEmpty() ? null : "outputs missing from earlier steps: " + String.join(", ", missing),
                now);
    }

    private static Set<String> dependants(List<JourneyStep> steps, String key) {
        var found = new LinkedHashSet<String>();
        var todo = new ArrayList<>(List.of(key));
        while (!todo.isEmpty()) {
            var next = todo.remove(todo.size() - 1);
            for (var step : steps) {
                if (step.dependsOn().contains(next) && found.add(step.key())) {
                    todo.add(step.key());
                }
            }
        }
        return found;
    }

    private void requireConsent(Journey journey, Map<String, PublicService> services, List<String> consent) {
        var missing = new TreeSet<String>();
        for (var step : journey.steps()) {
            var agency = services.get(step.key()).agencyId();
            if (!consent.contains(agency)) {
                missing.add(agency);
            }
        }
        if (!missing.isEmpty()) {
            throw ProblemException.of(
                    ProblemType.UNPROCESSABLE,
                    "The citizen must consent to every agency of the journey receiving its part",
                    List.of(new FieldError("consent", "required", "missing: " + String.join(", ", missing))));
        }
    }

    private static List<JourneyApplication.Consent> consent(
            Journey journey, Map<String, PublicService> services, Instant now) {
        var fields = new LinkedHashMap<String, Set<String>>();
        for (var step : journey.steps()) {
            fields.computeIfAbsent(services.get(step.key()).agencyId(), a -> new TreeSet<>())
                    .addAll(step.fields());
        }
        return fields.entrySet().stream()
                .map(e -> new JourneyApplication.Consent(e.getKey(), List.copyOf(e.getValue()), now))
                .toList();
    }

    /** The documents each step receives: those of kinds its service's form asks for, checked. */
    private Map<String, List<DocumentRef>> documentsByStep(
            Journey journey, Map<String, PublicService> services, List<DocumentRef> documents, String citizen) {
        var byStep = new LinkedHashMap<String, List<DocumentRef>>();
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < documents.size(); i++) {
            var ref = documents.get(i);
            boolean wanted = false;
            for (var step : journey.steps()) {
                if (services.get(step.key()).form().document(ref.kind()).isPresent()) {
                    byStep.computeIfAbsent(step.key(), k -> new ArrayList<>()).add(ref);
                    wanted = true;
                }
            }
            if (!wanted) {
                errors.add(
                        new FieldError("documents[" + i + "].kind", "unknown-kind", "no step asks for " + ref.kind()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_INPUT, "The documents are not valid", errors);
        }
        for (var step : journey.steps()) {
            requests.requireDocuments(
                    services.get(step.key()).form(),
                    byStep.getOrDefault(step.key(), List.of()),
                    citizen,
                    true,
                    "documents");
        }
        return byStep;
    }

    /**
     * The step's form with the fields it takes from earlier steps no longer required of the
     * citizen: they come from those steps' outputs.
     */
    private ApplicationForms.CompiledForm stepForm(Journey journey, JourneyStep step, PublicService service) {
        var cacheKey = journey.code() + "@" + journey.lastModified() + "/" + step.key() + "@" + service.lastModified();
        return stepForms.computeIfAbsent(cacheKey, k -> {
            var schema = (ObjectNode) service.form().schema().deepCopy();
            if (schema.get("required") instanceof ArrayNode required) {
                var kept = KhidmaJson.mapper().createArrayNode();
                required.forEach(name -> {
                    if (!step.inputs().containsKey(name.asText())) {
                        kept.add(name);
                    }
                });
                schema.set("required", kept);
            }
            var form = service.form();
            return ApplicationForms.compile(
                    new ApplicationForm(schema, form.fields(), form.documents(), form.submissionFees()));
        });
    }

    /** The part of the shared application a step receives: its declared fields and nothing else. */
    static JsonNode part(JsonNode data, List<String> fields) {
        var part = KhidmaJson.mapper().createObjectNode();
        for (var field : fields) {
            if (data.has(field)) {
                part.set(field, data.get(field).deepCopy());
            }
        }
        return part;
    }

    private static List<JourneyStep> steps(RequestStore.JourneyRow row) {
        try {
            return KhidmaJson.mapper().readerFor(STEPS).readValue(row.steps());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored journey's steps do not parse", e);
        }
    }

    private JourneyApplication view(RequestStore.JourneyRow row, URI base, Locale locale) {
        var order = steps(row).stream().map(JourneyStep::key).toList();
        var rows = new ArrayList<>(jdbi.withHandle(h -> store.steps(h, row.id())));
        rows.sort(Comparator.comparing(r -> order.indexOf(r.stepKey())));
        var steps = rows.stream()
                .map(r ->
                        new JourneyApplication.Step(r.stepKey(), r.number(), r.agencyId(), r.serviceCode(), r.status()))
                .toList();
        String status;
        if (rows.stream().allMatch(r -> r.status() == RequestStatus.COMPLETED)) {
            status = "COMPLETED";
        } else if (rows.stream()
                .anyMatch(r -> r.status() == RequestStatus.REJECTED
                        || r.status() == RequestStatus.CANCELLED
                        || r.status() == RequestStatus.WITHDRAWN)) {
            status = "STOPPED";
        } else {
            status = "IN_PROGRESS";
        }
        PaymentDue payment = null;
        if (row.paymentId() != null && !rows.isEmpty()) {
            payment = requests.paymentDue(rows.get(0), base);
        }
        List<JourneyApplication.Consent> consent;
        try {
            consent = KhidmaJson.mapper()
                    .readerFor(new TypeReference<List<JourneyApplication.Consent>>() {})
                    .readValue(row.consent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored consent does not parse", e);
        }
        var timeline = new ArrayList<TimelineEntry>();
        if (locale != null) {
            var byId = new LinkedHashMap<UUID, RequestStore.Row>();
            rows.forEach(r -> byId.put(r.id(), r));
            for (var event : jdbi.withHandle(h -> store.events(h, byId.keySet()))) {
                var request = byId.get(event.requestId());
                timeline.add(Timeline.entry(event, request.number(), request.agencyId(), locale));
            }
            timeline.sort(Comparator.comparing(TimelineEntry::at));
        }
        return new JourneyApplication(
                row.number(),
                row.journeyCode(),
                Text.of(row.titleAr(), row.titleEn()),
                row.citizen(),
                status,
                payment,
                steps,
                consent,
                row.createdAt(),
                timeline);
    }
}
