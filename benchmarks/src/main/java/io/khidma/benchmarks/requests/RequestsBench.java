package io.khidma.benchmarks.requests;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.FormField;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyStep;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.RequiredDocument;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.server.Database;
import io.khidma.core.text.Text;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.payments.server.FeeSchedule;
import io.khidma.payments.server.PaymentsFeature;
import io.khidma.payments.server.PaymentsOptions;
import io.khidma.requests.server.RequestsFeature;
import io.khidma.requests.server.RequestsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the requests benchmarks share: an embedded PostgreSQL with the catalogue, payments and
 * requests server kits, 40 agencies each with a service that takes applications (a form of four
 * fields and a required passport scan), a six-step journey across five of them, and a service
 * brought home.
 */
final class RequestsBench implements AutoCloseable {

    static final int AGENCIES = 40;
    static final String HOME = "BENCH-HOME";
    static final String FORM = """
            {"type": "object", "required": ["worker_name", "passport_number", "job_title", "salary"],
             "additionalProperties": false,
             "properties": {
               "worker_name": {"type": "string", "minLength": 3, "maxLength": 120},
               "passport_number": {"type": "string", "pattern": "^[A-Z0-9]{6,12}$"},
               "job_title": {"type": "string", "minLength": 2, "maxLength": 80},
               "salary": {"type": "integer", "minimum": 1000, "maximum": 1000000}
             }}""";
    static final String APPLICATION =
            "{\"worker_name\": \"Ravi Kumar\", \"passport_number\": \"N1234567\", \"job_title\": \"Chef\", \"salary\": 4500}";

    final Path data;
    final Database database;
    final CatalogueFeature catalogue;
    final PaymentsFeature payments;
    final RequestsFeature requests;

    RequestsBench() {
        try {
            data = Files.createTempDirectory("khidma-requests-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = Database.embedded(data)
                .migrate("catalogue")
                .migrate("payments")
                .migrate("events")
                .migrate("idempotency")
                .migrate("requests");
        catalogue = new CatalogueFeature(database);
        var form = form();
        for (int i = 0; i < AGENCIES; i++) {
            var agency = agency(i);
            catalogue
                    .service()
                    .saveAgency(new Agency(agency, Text.of("جهة " + i, "Agency " + i), Agency.Level.LOCAL, "Dubai"));
            var service = PublicService.builder(code(i), agency, Text.of("خدمة " + i, "Service " + i))
                    .processingTime(Duration.ofDays(5))
                    .fee("FEE", 10_000, Text.of("رسوم", "Fee"));
            // Only the journey's first two steps charge at submission; the rest are free.
            service.form(
                    i < 2 ? new ApplicationForm(form.schema(), form.fields(), form.documents(), List.of("FEE")) : form);
            catalogue.service().importService(service.build());
        }
        catalogue.service().importJourney(journey());
        // A service brought home (Tawseel), for the booking benchmark.
        catalogue
                .service()
                .importService(PublicService.builder(HOME, agency(6), Text.of("خدمة في المنزل", "Service at home"))
                        .channel(new Channel(ChannelType.HOME_DELIVERY, null, "80060", null, null, null))
                        .processingTime(Duration.ofDays(2))
                        .form(new ApplicationForm(form.schema(), form.fields(), List.of(), List.of()))
                        .build());
        payments = new PaymentsFeature(
                database,
                FeeSchedule.catalogue(catalogue.service()),
                new SandboxProvider(),
                PaymentsOptions.defaults());
        requests = new RequestsFeature(database, catalogue.service(), payments.service(), RequestsOptions.defaults());
    }

    static String agency(int i) {
        return "agency-%02d".formatted(i);
    }

    static String code(int i) {
        return "BENCH-%02d".formatted(i);
    }

    static ApplicationForm form() {
        try {
            return new ApplicationForm(
                    KhidmaJson.mapper().readTree(FORM),
                    Map.of(
                            "worker_name", FormField.of("اسم العامل", "Worker's name"),
                            "passport_number", FormField.of("رقم الجواز", "Passport number"),
                            "job_title", FormField.of("المسمى الوظيفي", "Job title"),
                            "salary", FormField.of("الراتب", "Salary")),
                    List.of(RequiredDocument.scan("passport", Text.of("جواز السفر", "Passport"), true)),
                    List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Six steps of five agencies: 0 → 1 → (2, 3, 4 in parallel) → 0 again. */
    static Journey journey() {
        var all = List.of("worker_name", "passport_number", "job_title", "salary");
        var steps = new ArrayList<JourneyStep>();
        steps.add(new JourneyStep("first", code(0), List.of(), all, null));
        steps.add(new JourneyStep("second", code(1), List.of("first"), all, null));
        steps.add(new JourneyStep("third", code(2), List.of("second"), all, null));
        steps.add(new JourneyStep("fourth", code(3), List.of("second"), all, null));
        steps.add(new JourneyStep("fifth", code(4), List.of("second"), all, null));
        steps.add(new JourneyStep("last", code(0), List.of("third", "fourth", "fifth"), all, null));
        return new Journey("BENCH-JOURNEY", Text.of("رحلة", "Journey"), null, steps, null);
    }

    @Override
    public void close() {
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
