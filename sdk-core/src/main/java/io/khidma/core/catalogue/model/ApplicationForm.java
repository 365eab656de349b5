package io.khidma.core.catalogue.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a service asks of an applicant: the application data as a JSON Schema (draft 2020-12), a
 * label and help text in Arabic and English for every field, the documents to attach, and the fees
 * charged when the application is submitted. The catalogue refuses a form whose schema is not a
 * valid draft 2020-12 schema of an object, or whose fields lack a label in either language.
 *
 * <pre>{@code
 * var form = new ApplicationForm(KhidmaJson.mapper().readTree("""
 *         {"type": "object", "required": ["trade_name"],
 *          "properties": {"trade_name": {"type": "string", "minLength": 3, "maxLength": 120}}}"""),
 *         Map.of("trade_name", FormField.of("الاسم التجاري", "Trade name")),
 *         List.of(RequiredDocument.pdf("passport", Text.of("جواز السفر", "Passport"), true)),
 *         List.of("ISSUE"));
 * }</pre>
 *
 * @param schema the JSON Schema of the application data: an object whose properties are the fields
 * @param fields the label and help of every field, by its path ({@code owner/name} for a nested field)
 * @param documents the documents an application attaches, by kind
 * @param submissionFees the codes of the service's {@code costs} paid on submission, through unified
 *     payments; the request waits for the payment before the agency reviews it
 */
public record ApplicationForm(
        JsonNode schema, Map<String, FormField> fields, List<RequiredDocument> documents, List<String> submissionFees) {

    public ApplicationForm {
        Objects.requireNonNull(schema, "schema");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        documents = documents == null ? List.of() : List.copyOf(documents);
        submissionFees = submissionFees == null ? List.of() : List.copyOf(submissionFees);
    }

    /** The document requirement of {@code kind}, if the form has one. */
    public java.util.Optional<RequiredDocument> document(String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).findFirst();
    }
}
