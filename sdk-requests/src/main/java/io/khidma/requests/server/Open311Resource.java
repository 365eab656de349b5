package io.khidma.requests.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.ProblemType;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.open311.Open311Attribute;
import io.khidma.requests.open311.Open311Created;
import io.khidma.requests.open311.Open311Request;
import io.khidma.requests.open311.Open311Service;
import io.khidma.requests.open311.Open311ServiceDefinition;
import io.khidma.requests.server.api.Open311Api;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ContainerRequest;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Open311 GeoReport v2 over the service requests, JSON only: catalogue services that take
 * applications are Open311 services, their form fields attributes; a request submitted here is a
 * service request like any other, with what Open311 adds (place, contact, photo address) kept beside
 * it. Statuses are {@code open} or {@code closed} with the latest timeline entry as {@code
 * status_notes}; {@code expected_datetime} is the service level's due time.
 */
@Path("/")
final class Open311Resource implements Open311Api {

    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([A-Za-z0-9_-]{1,64})](\\[])?");
    private static final Set<RequestStatus> CLOSED = EnumSet.of(
            RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED, RequestStatus.WITHDRAWN);
    private static final Set<RequestStatus> OPEN = EnumSet.complementOf(EnumSet.of(
            RequestStatus.DRAFT,
            RequestStatus.COMPLETED,
            RequestStatus.REJECTED,
            RequestStatus.CANCELLED,
            RequestStatus.WITHDRAWN));
    private static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
    private static final int MAX_REQUESTS = 1000;

    private final RequestService requests;
    private final RequestStore store;
    private final Jdbi jdbi;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uri;

    @Context
    private HttpHeaders headers;

    /** The request being served, for the form its filter kept (a singleton holds a provider, not the request). */
    @Inject
    private Provider<ContainerRequest> request;

    Open311Resource(RequestService requests, RequestStore store, Jdbi jdbi) {
        this.requests = requests;
        this.store = store;
        this.jdbi = jdbi;
    }

    // Services

    @Override
    public Response open311ListServices(String jurisdictionId) {
        var locale = locale();
        var services = new ArrayList<Open311Service>();
        String cursor = null;
        do {
            var page = requests.catalogue().search(null, null, null, null, null, null, 100, cursor);
            for (var service : page.items()) {
                if (service.form() != null) {
                    services.add(new Open311Service(
                            service.code(),
                            service.title().in(locale),
                            service.description() == null
                                    ? null
                                    : service.description().in(locale),
                            !service.form().fields().isEmpty(),
                            "realtime",
                            String.join(",", service.keywords()),
                            service.agencyId()));
                }
            }
            cursor = page.next();
        } while (cursor != null);
        return Response.ok(services).build();
    }

    @Override
    public Response open311GetServiceDefinition(String serviceCode, String jurisdictionId) {
        var service = service(serviceCode);
        var locale = locale();
        var schema = service.form().schema();
        var required = new HashSet<String>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        var attributes = new ArrayList<Open311Attribute>();
        var names = schema.path("properties").fieldNames();
        int order = 1;
        while (names.hasNext()) {
            var name = names.next();
            var property = schema.path("properties").path(name);
            var field = service.form().fields().get(name);
            var values = new ArrayList<Open311Attribute.Value>();
            var choices = property.has("enum")
                    ? property.get("enum")
                    : property.path("items").path("enum");
            choices.forEach(choice -> values.add(new Open311Attribute.Value(choice.asText(), choice.asText())));
            attributes.add(new Open311Attribute(
                    true,
                    name,
                    datatype(property),
                    required.contains(name),
                    field == null || field.help() == null ? null : field.help().in(locale),
                    order++,
                    field == null ? name : field.label().in(locale),
                    values.isEmpty() ? null : values));
        }
        return Response.ok(new Open311ServiceDefinition(service.code(), attributes))
                .build();
    }

    // Requests

    @Override
    public Response open311CreateRequest(
            String serviceCode,
            String jurisdictionId,
            String apiKey,
            Double lat,
            Double _long,
            String addressString,
            String addressId,
            String email,
            String deviceId,
            String accountId,
            String firstName,
            String lastName,
            String phone,
            String description,
            String mediaUrl) {
        var caller = caller();
        if (serviceCode == null || serviceCode.isBlank()) {
            throw ProblemException.invalid("service_code", "is required");
        }
        if ((lat == null) != (_long == null)) {
            throw ProblemException.invalid("lat", "and long go together");
        }
        var service = service(serviceCode);
        var form = request.get().getProperty(Open311Filter.FORM) instanceof Form sent ? sent : new Form();
        var data = attributes(form, service.form().schema());
        var language = "ar".equals(locale().getLanguage()) ? "ar" : "en";
        var application = new NewServiceRequest(
                service.id(),
                data,
                null,
                deviceId != null ? ChannelType.MOBILE_APP : ChannelType.WEB,
                language,
                caller.kind() == KhidmaPrincipal.Kind.CITIZEN ? null : accountId,
                false,
                null);
        var extras = new String[] {
            addressString, addressId, email, deviceId, accountId, firstName, lastName, phone, description, mediaUrl
        };
        var created = requests.submit(
                caller,
                application,
                uri.getBaseUri(),
                null,
                locale(),
                (h, id) -> saveExtras(h, id, lat, _long, extras));
        var notice = created.payment() == null
                ? null
                : "Fees are due: pay at " + created.payment().nextUrl();
        return Response.ok(List.of(new Open311Created(created.number(), notice, accountId)))
                .build();
    }

    @Override
    public Response open311ListRequests(
            String jurisdictionId,
            String apiKey,
            String serviceRequestId,
            String serviceCode,
            OffsetDateTime startDate,
            OffsetDateTime endDate,
            String status) {
        var caller = caller();
        var numbers = serviceRequestId == null || serviceRequestId.isBlank()
                ? List.<String>of()
                : Arrays.stream(serviceRequestId.split(","))
                        .map(String::strip)
                        .filter(n -> !n.isEmpty())
                        .toList();
        if (numbers.size() > 100) {
            throw ProblemException.invalid("service_request_id", "names at most 100 requests");
        }
        var end = endDate == null ? Instant.now() : endDate.toInstant();
        var start = startDate == null ? end.minus(DEFAULT_WINDOW) : startDate.toInstant();
        if (!numbers.isEmpty()) {
            start = Instant.EPOCH;
            end = Instant.parse("9999-01-01T00:00:00Z");
        } else if (!end.isAfter(start)) {
            throw ProblemException.invalid("end_date", "must be after start_date");
        }
        var statuses = status == null
                ? EnumSet.copyOf(OPEN)
                : switch (status) {
                    case "open" -> EnumSet.copyOf(OPEN);
                    case "closed" -> EnumSet.copyOf(CLOSED);
                    default -> throw ProblemException.invalid("status", "must be open or closed");
                };
        if (status == null) {
            statuses.addAll(CLOSED);
        }
        // A citizen sees their own requests; an agency client those it submitted and its agencies'.
        boolean isCitizen = caller.kind() == KhidmaPrincipal.Kind.CITIZEN;
        var citizen = isCitizen ? caller.subject() : null;
        var submittedBy = isCitizen ? null : caller.clientId();
        var agencies = caller.kind() == KhidmaPrincipal.Kind.AGENCY_CLIENT && processes(caller)
                ? Callers.agencies(caller)
                : Set.<String>of();
        var from = start;
        var to = end;
        var rows = jdbi.withHandle(h -> store.open311(
                h, citizen, submittedBy, agencies, numbers, serviceCode, from, to, statuses, MAX_REQUESTS));
        return Response.ok(view(rows)).build();
    }

    @Override
    public Response open311GetRequest(String serviceRequestId, String jurisdictionId, String apiKey) {
        var row = requests.visible(caller(), serviceRequestId);
        return Response.ok(view(List.of(row))).build();
    }

    // Helpers

    private KhidmaPrincipal caller() {
        var caller = KhidmaPrincipal.of(security);
        if (caller == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "An api_key is needed: your client's access token");
        }
        return caller;
    }

    private static boolean processes(KhidmaPrincipal caller) {
        return caller.hasScope(Callers.PROCESS_SCOPE)
                || caller.scopes().stream().anyMatch(s -> s.startsWith(Callers.PROCESS_SCOPE + ":"));
    }

    private PublicService service(String code) {
        return requests.catalogue()
                .findByCode(code)
                .filter(s -> s.form() != null)
                .orElseThrow(
                        () -> ProblemException.of(ProblemType.NOT_FOUND, "No service " + code + " takes requests"));
    }

    private Locale locale() {
        for (var language : headers.getAcceptableLanguages()) {
            if (language.getLanguage().equals("ar")) {
                return Locale.forLanguageTag("ar");
            }
            if (language.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** Open311's datatype of a JSON Schema property. */
    private static String datatype(JsonNode property) {
        var type = property.path("type").asText();
        if (type.equals("array")) {
            return "multivaluelist";
        }
        if (property.has("enum")) {
            return "singlevaluelist";
        }
        if (type.equals("integer") || type.equals("number")) {
            return "number";
        }
        if (property.path("format").asText().equals("date-time")) {
            return "datetime";
        }
        return property.path("maxLength").asInt(0) > 200 ? "text" : "string";
    }

    /** The {@code attribute[code]} fields as the form's data, typed as its schema says. */
    private static ObjectNode attributes(Form form, JsonNode schema) {
        var data = KhidmaJson.mapper().createObjectNode();
        for (var entry : form.asMap().entrySet()) {
            var matcher = ATTRIBUTE.matcher(entry.getKey());
            if (!matcher.matches()) {
                continue;
            }
            var name = matcher.group(1);
            var property = schema.path("properties").path(name);
            var type = property.path("type").asText();
            if (type.equals("array") || matcher.group(2) != null) {
                var list = data.putArray(name);
                entry.getValue()
                        .forEach(value -> list.add(
                                typed(value, property.path("items").path("type").asText())));
            } else {
                data.set(name, typed(entry.getValue().get(0), type));
            }
        }
        return data;
    }

    /** A form value as the schema's type; left a string when it is not one, so validation names it. */
    private static JsonNode typed(String value, String type) {
        var json = KhidmaJson.mapper().getNodeFactory();
        try {
            return switch (type) {
                case "integer" -> json.numberNode(Long.parseLong(value.strip()));
                case "number" -> json.numberNode(new java.math.BigDecimal(value.strip()));
                case "boolean" ->
                    value.equals("true") || value.equals("false")
                            ? json.booleanNode(Boolean.parseBoolean(value))
                            : json.textNode(value);
                default -> json.textNode(value);
            };
        } catch (NumberFormatException e) {
            return json.textNode(value);
        }
    }

    private static void saveExtras(Handle h, UUID id, Double lat, Double lon, String[] extras) {
        h.createUpdate("""
                        INSERT INTO requests_open311 (request_id, latitude, longitude, address_string, address_id, email,
                                                      device_id, account_id, first_name, last_name, phone, description,
                                                      media_url)
                        VALUES (:id, CAST(:lat AS double precision), CAST(:lon AS double precision), :address, :addressId,
                                :email, :device, :account, :first, :last, :phone, :description, :media)
                        """)
                .bind("id", id)
                .bind("lat", lat)
                .bind("lon", lon)
                .bind("address", extras[0])
                .bind("addressId", extras[1])
                .bind("email", extras[2])
                .bind("device", extras[3])
                .bind("account", extras[4])
                .bind("first", extras[5])
                .bind("last", extras[6])
                .bind("phone", extras[7])
                .bind("description", extras[8])
                .bind("media", extras[9])
                .execute();
    }

    /** What Open311 adds to a request. */
    private record Extras(Double lat, Double lon, String address, String addressId, String description, String media) {}

    private List<Open311Request> view(List<RequestStore.Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var ids = rows.stream().map(RequestStore.Row::id).toList();
        var extras = new HashMap<UUID, Extras>();
        var latest = new HashMap<UUID, RequestStore.Event>();
        jdbi.useHandle(h -> {
            h.createQuery("SELECT * FROM requests_open311 WHERE request_id = ANY(:ids)")
                    .bind("ids", ids.toArray(UUID[]::new))
                    .map((rs, ctx) -> extras.put(
                            rs.getObject("request_id", UUID.class),
                            new Extras(
                                    rs.getObject("latitude", Double.class),
                                    rs.getObject("longitude", Double.class),
                                    rs.getString("address_string"),
                                    rs.getString("address_id"),
                                    rs.getString("description"),
                                    rs.getString("media_url"))))
                    .list();
            store.events(h, ids).forEach(e -> latest.put(e.requestId(), e));
        });
        var services = requests.catalogue()
                .findAll(rows.stream().map(RequestStore.Row::serviceId).toList());
        return rows.stream()
                .map(row -> {
                    var extra = extras.getOrDefault(row.id(), new Extras(null, null, null, null, null, null));
                    var service = services.get(row.serviceId());
                    var event = latest.get(row.id());
                    var notes =
                            event == null ? null : Timeline.entry(event, row.number(), row.agencyId(), Locale.ENGLISH);
                    return new Open311Request(
                            row.number(),
                            CLOSED.contains(row.status()) ? "closed" : "open",
                            notes == null ? null : notes.summary() + (notes.note() == null ? "" : ": " + notes.note()),
                            service == null
                                    ? row.serviceCode()
                                    : service.title().in(Locale.ENGLISH),
                            row.serviceCode(),
                            extra.description(),
                            row.agencyId(),
                            row.awaitingPayment() ? "Fees are due" : null,
                            row.submittedAt(),
                            row.updatedAt(),
                            CLOSED.contains(row.status()) ? null : row.dueAt(),
                            extra.address(),
                            extra.addressId(),
                            null,
                            extra.lat(),
                            extra.lon(),
                            extra.media());
                })
                .toList();
    }
}
