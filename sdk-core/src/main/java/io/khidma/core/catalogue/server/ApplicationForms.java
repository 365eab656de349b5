package io.khidma.core.catalogue.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.problem.FieldError;
import io.khidma.core.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Application forms: checks a form a service declares, and checks applications against it with
 * a maintained JSON Schema validator (networknt, draft 2020-12), every field error at once, in
 * Arabic or English. Schemas never load anything remote: a {@code $ref} must point inside the form.
 *
 * <pre>{@code
 * var compiled = ApplicationForms.compile(service.form());
 * List<FieldError> errors = compiled.validate(application.data(), "data", Locale.forLanguageTag("ar"));
 * }</pre>
 */
public final class ApplicationForms {

    /** The largest schema a form may carry, as JSON text. */
    static final int MAX_SCHEMA_CHARS = 64 * 1024;

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private static final Schema META_SCHEMA =
            REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    private ApplicationForms() {}

    /** A form ready to check applications against; immutable and thread-safe. */
    public static final class CompiledForm {
        private final ApplicationForm form;
        private final Schema schema;

        private CompiledForm(ApplicationForm form, Schema schema) {
            this.form = form;
            this.schema = schema;
        }

        public ApplicationForm form() {
            return form;
        }

        /**
         * Every way {@code data} breaks the form, each named by its path under {@code prefix} and
         * described in the locale's language with the field's label; empty when it is valid.
         */
        public List<FieldError> validate(JsonNode data, String prefix, Locale locale) {
            var errors = new ArrayList<FieldError>();
            var messages = numbered(locale);
            for (Error error : schema.validate(data, context -> context.executionConfig(c -> c.locale(messages)))) {
                var path = path(error);
                var label = form.fields().get(path);
                var name = label == null ? path : label.label().in(locale);
                var field = path.isEmpty() ? prefix : prefix + "." + path.replace('/', '.');
                errors.add(new FieldError(field, code(error.getKeyword()), name + ": " + message(error)));
            }
            return errors;
        }
    }

    /**
     * The locale messages are written in: Arabic with Arabic-Indic digits (٣) whatever the JDK's
     * locale data prefers (Java 17's Arabic writes them, Java 25's writes 3), unless the caller
     * chose a numbering system ({@code ar-u-nu-latn}).
     */
    static Locale numbered(Locale locale) {
        if (!"ar".equals(locale.getLanguage()) || locale.getUnicodeLocaleType("nu") != null) {
            return locale;
        }
        return new Locale.Builder()
                .setLocale(locale)
                .setUnicodeLocaleKeyword("nu", "arab")
                .build();
    }

    /**
     * Compiles a form that {@link #check} accepted.
     *
     * @throws IllegalArgumentException when its schema does not compile
     */
    public static CompiledForm compile(ApplicationForm form) {
        try {
            return new CompiledForm(form, REGISTRY.getSchema(form.schema()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the form's schema does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * What is wrong with a form a service declares, under the field {@code form}: a schema that is
     * not a draft 2020-12 schema of an object, a reference outside it, a field without an Arabic and
     * an English label, a document kind named twice, or a submission fee that is not one of the
     * service's costs.
     */
    public static List<FieldError> check(ApplicationForm form, List<Cost> costs) {
        var errors = new ArrayList<FieldError>();
        var schema = form.schema();
        if (schema.toString().length() > MAX_SCHEMA_CHARS) {
            errors.add(
                    new FieldError("form.schema", "too-long", "must be at most " + MAX_SCHEMA_CHARS + " characters"));
            return errors;
        }
        for (Error error : META_SCHEMA.validate(schema)) {
            errors.add(new FieldError(
                    "form.schema" + pointer(error),
                    "invalid-schema",
                    "not a JSON Schema (draft 2020-12): " + message(error)));
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        if (!"object".equals(schema.path("type").asText())) {
            errors.add(new FieldError(
                    "form.schema.type", "invalid-value", "must be \"object\": an application is an object"));
        }
        externalReferences(schema, "form.schema", errors);
        var paths = new LinkedHashSet<String>();
        fieldPaths(schema, "", paths);
        for (var path : paths) {
            var field = form.fields().get(path);
            if (field == null || !bilingual(field.label())) {
                errors.add(new FieldError(
                        "form.fields." + path, "required", "every field needs a label in Arabic and English"));
            }
        }
        for (var named : form.fields().keySet()) {
            if (!paths.contains(named)) {
                errors.add(new FieldError("form.fields." + named, "unknown-field", "the schema has no such field"));
            }
        }
        var kinds = new LinkedHashSet<String>();
        for (int i = 0; i < form.documents().size(); i++) {
            var document = form.documents().get(i);
            if (!kinds.add(document.kind())) {
                errors.add(new FieldError("form.documents[" + i + "].kind", "duplicate", "names a kind twice"));
            }
            if (!bilingual(document.title())) {
                errors.add(new FieldError("form.documents[" + i + "].title", "required", "needs Arabic and English"));
            }
        }
        var feeCodes = costs.stream().map(Cost::feeCode).toList();
        for (int i = 0; i < form.submissionFees().size(); i++) {
            if (!feeCodes.contains(form.submissionFees().get(i))) {
                errors.add(new FieldError(
                        "form.submission_fees[" + i + "]",
                        "unknown-fee",
                        "is not the code of one of the service's costs"));
            }
        }
        return errors;
    }

    /** The paths of a schema's fields: its properties, and the properties of object properties. */
    public static Set<String> fieldPaths(JsonNode schema) {
        var paths = new LinkedHashSet<String>();
        fieldPaths(schema, "", paths);
        return paths;
    }

    private static void fieldPaths(JsonNode schema, String parent, Set<String> paths) {
        var properties = schema.path("properties");
        for (var property : properties.properties()) {
            var path = parent.isEmpty() ? property.getKey() : parent + "/" + property.getKey();
            paths.add(path);
            fieldPaths(property.getValue(), path, paths);
        }
    }

    private static void externalReferences(JsonNode node, String at, List<FieldError> errors) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                var key = entry.getKey();
                var value = entry.getValue();
                if ((key.equals("$ref") || key.equals("$dynamicRef"))
                        && value.isTextual()
                        && !value.asText().startsWith("#")) {
                    errors.add(new FieldError(at + "." + key, "external-reference", "may only refer inside the form"));
                } else if (key.equals("$id") || key.equals("$schema") && !isDraft202012(value)) {
                    errors.add(
                            new FieldError(at + "." + key, "invalid-value", "forms are draft 2020-12 and have no $id"));
                }
                externalReferences(value, at + "." + key, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                externalReferences(node.get(i), at + "[" + i + "]", errors);
            }
        }
    }

    private static boolean isDraft202012(JsonNode value) {
        return value.isTextual() && value.asText().equals(SpecificationVersion.DRAFT_2020_12.getDialectId());
    }

    private static boolean bilingual(Text text) {
        return text != null
                && text.ar() != null
                && !text.ar().isBlank()
                && text.en() != null
                && !text.en().isBlank();
    }

    /** The path of the field an error is about, {@code owner/name}; empty for the whole application. */
    private static String path(Error error) {
        var location = error.getInstanceLocation();
        var parts = new ArrayList<String>();
        for (int i = 0; i < location.getNameCount(); i++) {
            parts.add(location.getName(i));
        }
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            parts.add(error.getProperty());
        }
        return String.join("/", parts);
    }

    private static String pointer(Error error) {
        var path = path(error);
        return path.isEmpty() ? "" : "." + path.replace('/', '.');
    }

    private static String message(Error error) {
        var message = error.getMessage();
        // The validator starts its message with the location, which the field already gives.
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static String code(String keyword) {
        return switch (keyword == null ? "" : keyword) {
            case "required" -> "required";
            case "type" -> "invalid-type";
            case "maxLength", "maxItems", "maxProperties" -> "too-long";
            case "minLength", "minItems", "minProperties" -> "too-short";
            case "additionalProperties", "unevaluatedProperties" -> "unknown-field";
            case "" -> "invalid-value";
            default ->
                "invalid-" + keyword.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        };
    }
}
