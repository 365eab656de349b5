package io.khidma.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ApplicationForm;
import io.khidma.core.catalogue.model.FormField;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyStep;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.RequiredDocument;
import io.khidma.core.catalogue.server.ApplicationForms;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.BadRequestException;
import io.khidma.core.problem.FieldError;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.PreconditionFailedException;
import io.khidma.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Services declare application forms; the catalogue checks them, and journeys made of them. */
class ApplicationFormTest {

    static final String TRADE_NAME_SCHEMA = """
            {"type": "object", "required": ["trade_name", "activity", "partners"],
             "additionalProperties": false,
             "properties": {
               "trade_name": {"type": "string", "minLength": 3, "maxLength": 120},
               "activity": {"type": "string", "enum": ["trading", "consulting", "restaurant"]},
               "partners": {"type": "integer", "minimum": 1, "maximum": 50},
               "owner": {"type": "object", "properties": {"emirates_id": {"type": "string", "pattern": "^784-\\\\d{4}-\\\\d{7}-\\\\d$"}}}
             }}""";

    static CatalogueFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new CatalogueFixture();
    }

    @AfterAll
    static void stop() {
        assertThat(fixture.contract.violations(java.nio.file.Path.of("src/main/openapi/catalogue.yaml")))
                .isEmpty();
        fixture.close();
    }

    static JsonNode json(String text) {
        try {
            return KhidmaJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ApplicationForm tradeNameForm() {
        return new ApplicationForm(
                json(TRADE_NAME_SCHEMA),
                Map.of(
                        "trade_name",
                                FormField.of("الاسم التجاري", "Trade name")
                                        .withHelp("٣ أحرف على الأقل", "At least 3 letters"),
                        "activity", FormField.of("النشاط", "Activity"),
                        "partners", FormField.of("عدد الشركاء", "Number of partners"),
                        "owner", FormField.of("المالك", "Owner"),
                        "owner/emirates_id", FormField.of("رقم الهوية", "Emirates ID number")),
                List.of(RequiredDocument.scan("passport", Text.of("جواز السفر", "Passport"), true)),
                List.of("FEE"));
    }

    static PublicService withForm(String code, String agency, ApplicationForm form) {
        return PublicService.builder(code, agency, Text.of("خدمة " + code, "Service " + code))
                .fee("FEE", 20_000, Text.of("رسوم", "Fee"))
                .processingTime(Duration.ofDays(2))
                .form(form)
                .build();
    }

    @Test
    void aServiceWithAValidFormIsPublishedAndReadBackWithIt() {
        try (var asRta = fixture.client(fixture.rta)) {
            var created = asRta.create(withForm("RTA-FORM-OK", "rta", tradeNameForm()))
                    .value();
            var read = fixture.anonymous().get(created.id());
            assertThat(read.form()).isEqualTo(tradeNameForm());
            assertThat(read.form().document("passport")).isPresent();
        }
    }

    @Test
    void aFormThatIsNotAJsonSchemaOrLacksLabelsOrNamesAnUnknownFeeIsRefusedWithEveryReason() {
        var broken = new ApplicationForm(
                json("""
                        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"$ref": "https://evil.example/s.json"}}}"""),
                Map.of("a", new FormField(Text.of(null, "A only in English"), null)),
                List.of(),
                List.of("NO-SUCH-FEE"));
        try (var asRta = fixture.client(fixture.rta)) {
            assertThatThrownBy(() -> asRta.create(withForm("RTA-FORM-BAD", "rta", broken)))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::field)
                            .contains(
                                    "form.schema.properties.b.$ref",
                                    "form.fields.a",
                                    "form.fields.b",
                                    "form.submission_fees[0]"));
            var notASchema = new ApplicationForm(json("{\"type\": 5}"), Map.of(), List.of(), List.of());
            assertThatThrownBy(() -> asRta.create(withForm("RTA-FORM-BAD", "rta", notASchema)))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .allSatisfy(error -> assertThat(error.field()).startsWith("form.schema")));
            assertThat(fixture.anonymous().search(ServiceSearch.all().withAgency("rta")).stream())
                    .as("nothing stored")
                    .noneMatch(s -> s.code().equals("RTA-FORM-BAD"));
        }
    }

    @Test
    void anApplicationGetsEveryFieldErrorInTheCallersLanguage() {
        var form = ApplicationForms.compile(tradeNameForm());
        var application = json("""
                {"trade_name": "AB", "activity": "mining", "owner": {"emirates_id": "12"}, "colour": "blue"}""");

        var english = form.validate(application, "data", Locale.ENGLISH);
        var arabic = form.validate(application, "data", Locale.forLanguageTag("ar"));

        assertThat(english)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "data.trade_name", "data.activity", "data.partners", "data.owner.emirates_id", "data");
        assertThat(english)
                .filteredOn(e -> e.field().equals("data.partners"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("required");
                    assertThat(e.detail()).startsWith("Number of partners");
                });
        assertThat(arabic)
                .filteredOn(e -> e.field().equals("data.trade_name"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("too-short");
                    assertThat(e.detail()).startsWith("الاسم التجاري: يجب").contains("٣");
                });
        assertThat(form.validate(
                        json("{\"trade_name\": \"Al Noor\", \"activity\": \"trading\", \"partners\": 2}"),
                        "data",
                        Locale.ENGLISH))
                .isEmpty();
    }

    @Test
    void thePlatformDefinesAJourneyOfSeveralAgenciesAndACycleOrUnknownStepIsRefused() {
        try (var asRta = fixture.client(fixture.rta);
                var asMohre = fixture.client(fixture.mohre);
                var council = fixture.client(fixture.identity.tokensOf("services-council", "council-secret"))) {
            asRta.create(withForm("RTA-J-NAME", "rta", tradeNameForm()));
            asMohre.create(withForm("MOHRE-J-FILE", "mohre", tradeNameForm()));
            var journey = new Journey(
                    "TEST-JOURNEY",
                    Text.of("رحلة تجريبية", "A test journey"),
                    null,
                    List.of(
                            new JourneyStep(
                                    "name",
                                    "RTA-J-NAME",
                                    List.of(),
                                    List.of("trade_name", "activity", "partners"),
                                    null),
                            new JourneyStep(
                                    "file",
                                    "MOHRE-J-FILE",
                                    List.of("name"),
                                    List.of("activity", "partners"),
                                    Map.of("trade_name", "name.trade_name"))),
                    null);

            var saved = council.saveJourney(journey, null);
            assertThat(saved.value().steps()).hasSize(2);
            assertThat(fixture.anonymous().journeys()).extracting(Journey::code).contains("TEST-JOURNEY");
            assertThatThrownBy(() -> council.saveJourney(journey, null))
                    .as("replacing needs If-Match")
                    .isInstanceOf(KhidmaException.class)
                    .satisfies(e -> assertThat(((KhidmaException) e).status()).isEqualTo(428));
            council.saveJourney(journey, saved);
            assertThatThrownBy(() -> council.saveJourney(journey, saved))
                    .isInstanceOf(PreconditionFailedException.class);

            var cyclic = new Journey(
                    "TEST-CYCLE",
                    Text.of("دائرة", "A cycle"),
                    null,
                    List.of(
                            new JourneyStep(
                                    "a",
                                    "RTA-J-NAME",
                                    List.of("b"),
                                    List.of("trade_name", "activity", "partners"),
                                    null),
                            new JourneyStep(
                                    "b",
                                    "MOHRE-J-FILE",
                                    List.of("a"),
                                    List.of("trade_name", "activity", "partners"),
                                    null)),
                    null);
            assertThatThrownBy(() -> council.saveJourney(cyclic, null))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::code)
                            .contains("cycle"));
            var unknown = new Journey(
                    "TEST-UNKNOWN",
                    Text.of("مجهول", "Unknown"),
                    null,
                    List.of(new JourneyStep("a", "NO-SUCH-SERVICE", List.of("z"), List.of(), null)),
                    null);
            assertThatThrownBy(() -> council.saveJourney(unknown, null))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(FieldError::code)
                            .contains("unknown-step", "unknown-service"));
            assertThatThrownBy(() -> asRta.saveJourney(journey, null))
                    .as("an agency does not define journeys")
                    .isInstanceOf(ForbiddenException.class);
        }
    }
}
