package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.problem.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What makes a journey valid: unique step keys, dependencies on steps of the journey without a
 * cycle, active services with application forms, fields each service's form has, every field a
 * service requires either received from the application or filled from an earlier step's output.
 */
final class JourneyRules {

    private JourneyRules() {}

    static List<FieldError> check(Journey journey, Function<String, Optional<PublicService>> services) {
        var errors = new ArrayList<FieldError>();
        if (journey.title().ar() == null || journey.title().en() == null) {
            errors.add(new FieldError("title", "required", "needs Arabic and English"));
        }
        var byKey = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < journey.steps().size(); i++) {
            if (byKey.putIfAbsent(journey.steps().get(i).key(), i) != null) {
                errors.add(new FieldError("steps[" + i + "].key", "duplicate", "names a step twice"));
            }
        }
        for (int i = 0; i < journey.steps().size(); i++) {
            var step = journey.steps().get(i);
            var at = "steps[" + i + "]";
            for (var dependency : step.dependsOn()) {
                if (!byKey.containsKey(dependency) || dependency.equals(step.key())) {
                    errors.add(new FieldError(at + ".depends_on", "unknown-step", "no other step " + dependency));
                }
            }
            var service = services.apply(step.serviceCode());
            if (service.isEmpty() || service.get().status() != ServiceStatus.ACTIVE) {
                errors.add(new FieldError(
                        at + ".service_code", "unknown-service", "no active service " + step.serviceCode()));
                continue;
            }
            var form = service.get().form();
            if (form == null) {
                errors.add(new FieldError(at + ".service_code", "no-form", "the service takes no applications"));
                continue;
            }
            var formFields = ApplicationForms.fieldPaths(form.schema());
            for (var field : step.fields()) {
                if (!formFields.contains(field)) {
                    errors.add(new FieldError(
                            at + ".fields", "unknown-field", "the service's form has no field " + field));
                }
            }
            var ancestors = ancestors(journey, step.key());
            for (var input : step.inputs().entrySet()) {
                if (!formFields.contains(input.getKey())) {
                    errors.add(new FieldError(
                            at + ".inputs." + input.getKey(), "unknown-field", "the service's form has no such field"));
                }
                var source = input.getValue().split("\\.", 2);
                if (source.length != 2 || !ancestors.contains(source[0])) {
                    errors.add(new FieldError(
                            at + ".inputs." + input.getKey(),
                            "unknown-step",
                            "must be <step>.<output> of a step this one depends on"));
                }
            }
            var required = form.schema().path("required");
            for (var name : required) {
                if (!step.fields().contains(name.asText()) && !step.inputs().containsKey(name.asText())) {
                    errors.add(new FieldError(
                            at + ".fields",
                            "required",
                            "the service requires " + name.asText() + ": receive or fill it"));
                }
            }
        }
        if (errors.isEmpty() && hasCycle(journey)) {
            errors.add(new FieldError("steps", "cycle", "the dependencies form a cycle"));
        }
        return errors;
    }

    /** The keys of every step {@code key} waits for, directly or not. */
    static Set<String> ancestors(Journey journey, String key) {
        var parents = new HashMap<String, List<String>>();
        journey.steps().forEach(s -> parents.put(s.key(), s.dependsOn()));
        var seen = new HashSet<String>();
        var todo = new ArrayList<>(parents.getOrDefault(key, List.of()));
        while (!todo.isEmpty()) {
            var next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(parents.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }

    private static boolean hasCycle(Journey journey) {
        Map<String, Integer> remaining = new HashMap<>();
        journey.steps().forEach(s -> remaining.put(s.key(), s.dependsOn().size()));
        var ready = new ArrayList<String>();
        remaining.forEach((k, n) -> {
            if (n == 0) {
                ready.add(k);
            }
        });
        int done = 0;
        while (!ready.isEmpty()) {
            var key = ready.remove(ready.size() - 1);
            done++;
            for (var step : journey.steps()) {
                if (step.dependsOn().contains(key) && remaining.merge(step.key(), -1, Integer::sum) == 0) {
                    ready.add(step.key());
                }
            }
        }
        return done != journey.steps().size();
    }
}
