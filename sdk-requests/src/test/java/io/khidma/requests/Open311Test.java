package io.khidma.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.json.KhidmaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Open311 GeoReport v2 with the specification's own examples (wiki.open311.org/GeoReport_v2): its
 * example service {@code DMV66} with attribute {@code WHISHETN}, its example POST body, and the
 * fields of its example responses and errors, over plain HTTP as an Open311 client sends them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311Test {

    /** The fields of the specification's example responses. */
    static final Set<String> SERVICE_FIELDS =
            Set.of("service_code", "service_name", "description", "metadata", "type", "keywords", "group");

    static final Set<String> ATTRIBUTE_FIELDS = Set.of(
            "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values");
    static final Set<String> CREATED_FIELDS = Set.of("service_request_id", "service_notice", "account_id");
    static final Set<String> REQUEST_FIELDS = Set.of(
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "agency_responsible",
            "service_notice",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "media_url");

    /** The specification's example POST, with its api_key replaced by a real token. */
    static final String EXAMPLE_POST = "service_code=DMV66&lat=37.76524078&long=-122.4212043"
            + "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
            + "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
            + "&media_url=http%3A%2F%2Fexample.com%2Fimage.jpg&attribute%5BWHISHETN%5D=123";

    private RequestsFixture fixture;
    private String citizenToken;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        fixture = new RequestsFixture();
        citizenToken = fixture.citizen(SandboxIdentity.FATIMA).token().value();
        base = fixture.server.uri().resolve("/open311/v2/");
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void servicesAndTheirDefinitionsReadAsTheSpecificationShowsThem() throws Exception {
        var services = get("services.json");
        assertThat(services.statusCode()).isEqualTo(200);
        var dmv = find(json(services.body()), "service_code", "DMV66");
        assertThat(fields(dmv)).isSubsetOf(SERVICE_FIELDS).contains("service_code", "service_name", "metadata", "type");
        assertThat(dmv.path("metadata").asBoolean()).isTrue();
        assertThat(dmv.path("type").asText()).isEqualTo("realtime");
        assertThat(dmv.path("group").asText()).isEqualTo("rta");

        var definition = json(get("services/DMV66.json").body());
        assertThat(definition.path("service_code").asText()).isEqualTo("DMV66");
        var attribute = definition.path("attributes").get(0);
        assertThat(fields(attribute)).isSubsetOf(ATTRIBUTE_FIELDS);
        assertThat(attribute.path("code").asText()).isEqualTo("WHISHETN");
        assertThat(attribute.path("datatype").asText()).isEqualTo("singlevaluelist");
        assertThat(attribute.path("required").asBoolean()).isTrue();
        assertThat(attribute.path("order").asInt()).isEqualTo(1);
        assertThat(attribute.path("description").asText()).isEqualTo("What is the ticket/tag/DL number?");
        assertThat(attribute.path("values").findValuesAsText("key")).containsExactly("123", "124");

        var missing = get("services/NOPE-1.json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertOpen311Error(missing, 404);
    }

    @Test
    void theExamplePostCreatesARequestThatReadsBackAsTheExampleResponse() throws Exception {
        var created = post(EXAMPLE_POST + "&api_key=" + citizenToken);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        var answer = json(created.body()).get(0);
        assertThat(fields(answer)).isSubsetOf(CREATED_FIELDS).contains("service_request_id");
        var number = answer.path("service_request_id").asText();
        assertThat(number).startsWith("RTA-");

        var read = get("requests/" + number + ".json?api_key=" + citizenToken);
        assertThat(read.statusCode()).isEqualTo(200);
        var request = json(read.body()).get(0);
        assertThat(fields(request)).isSubsetOf(REQUEST_FIELDS);
        assertThat(request.path("status").asText()).isEqualTo("open");
        assertThat(request.path("status_notes").asText()).isEqualTo("The request was submitted: channel MOBILE_APP");
        assertThat(request.path("service_code").asText()).isEqualTo("DMV66");
        assertThat(request.path("service_name").asText()).isEqualTo("Report a vehicle");
        assertThat(request.path("description").asText()).isEqualTo("A large sinkhole is destroying the street");
        assertThat(request.path("address").asText()).isEqualTo("1234 5th street");
        assertThat(request.path("lat").asDouble()).isEqualTo(37.76524078);
        assertThat(request.path("long").asDouble()).isEqualTo(-122.4212043);
        assertThat(request.path("media_url").asText()).isEqualTo("http://example.com/image.jpg");
        assertThat(request.path("expected_datetime").asText())
                .as("from the service level")
                .isNotBlank();
        assertThat(request.path("agency_responsible").asText()).isEqualTo("rta");

        // The platform's own API sees the same request, with the attribute as the form's field.
        try (var citizen = fixture.client(fixture.citizen(SandboxIdentity.FATIMA))) {
            assertThat(citizen.get(number).data().path("WHISHETN").asText()).isEqualTo("123");
        }

        var second = json(post(EXAMPLE_POST + "&api_key=" + citizenToken).body())
                .get(0)
                .path("service_request_id")
                .asText();
        var list = get("requests.json?api_key=" + citizenToken + "&service_request_id=" + number + "," + second);
        assertThat(json(list.body()).findValuesAsText("service_request_id")).containsExactlyInAnyOrder(number, second);
        var closed = get("requests.json?api_key=" + citizenToken + "&status=closed&service_code=DMV66");
        assertThat(json(closed.body())).isEmpty();

        // Service requests are personal: another citizen's token finds nothing.
        var omar = fixture.citizen(SandboxIdentity.OMAR).token().value();
        assertThat(get("requests/" + number + ".json?api_key=" + omar).statusCode())
                .isEqualTo(404);
        assertThat(json(get("requests.json?api_key=" + omar + "&service_request_id=" + number)
                        .body()))
                .isEmpty();
    }

    @Test
    void errorsAreOpen311sListAndNothingIsWritten() throws Exception {
        var count = fixture.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM requests_request")
                .mapTo(Integer.class)
                .one());
        var forged = post(EXAMPLE_POST + "&api_key=not-a-token");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertOpen311Error(forged, 401);

        var none = post(EXAMPLE_POST);
        assertThat(none.statusCode()).isEqualTo(401);
        assertOpen311Error(none, 401);

        var wrongValue = post(EXAMPLE_POST.replace("attribute%5BWHISHETN%5D=123", "attribute%5BWHISHETN%5D=999")
                + "&api_key=" + citizenToken);
        assertThat(wrongValue.statusCode()).isEqualTo(400);
        assertThat(assertOpen311Error(wrongValue, 400)).contains("WHISHETN");

        var loneLatitude = post("service_code=DMV66&lat=37.7&attribute%5BWHISHETN%5D=123&api_key=" + citizenToken);
        assertThat(loneLatitude.statusCode()).isEqualTo(400);
        assertOpen311Error(loneLatitude, 400);

        int after = fixture.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM requests_request")
                .mapTo(Integer.class)
                .one());
        assertThat(after).isEqualTo(count);
    }

    private String assertOpen311Error(HttpResponse<String> response, int code) throws Exception {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        var errors = json(response.body());
        assertThat(errors.isArray()).as(response.body()).isTrue();
        assertThat(fields(errors.get(0))).containsExactlyInAnyOrder("code", "description");
        assertThat(errors.get(0).path("code").asInt()).isEqualTo(code);
        return errors.get(0).path("description").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("requests.json"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws Exception {
        return KhidmaJson.mapper().readTree(body);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (var item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static List<String> fields(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
