package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.AgencyList;
import io.khidma.core.catalogue.model.Audience;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyList;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiPeriod;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.server.api.AgenciesApi;
import io.khidma.core.catalogue.server.api.JourneysApi;
import io.khidma.core.catalogue.server.api.KpisApi;
import io.khidma.core.catalogue.server.api.ServicesApi;
import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.identity.server.RequiresScope;
import io.khidma.core.server.ProblemException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The catalogue API: implements the interfaces generated from {@code catalogue.yaml}. Thin: parse,
 * authorise, call {@link CatalogueService}, map to the response. The generated interfaces carry
 * the full paths on their methods, so the class itself sits at the root.
 */
@Path("/")
public final class CatalogueResource implements ServicesApi, AgenciesApi, KpisApi, JourneysApi {

    /** The days KPIs are counted in by default: the UAE's. */
    private static final ZoneId KPI_ZONE = ZoneId.of("Asia/Dubai");

    public static final String JSON_LD = "application/ld+json";

    private final CatalogueService catalogue;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    CatalogueResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Response searchServices(
            String q,
            String agency,
            String event,
            ChannelType channel,
            Audience audience,
            Boolean digital,
            Integer limit,
            String cursor,
            String acceptLanguage) {
        var page = catalogue.search(q, agency, event, channel, audience, digital, limit, cursor);
        var language = singleLanguage(acceptLanguage);
        if (language != null) {
            page = new io.khidma.core.catalogue.model.ServicePage(
                    page.items().stream().map(s -> s.inLanguage(language)).toList(), page.next(), page.didYouMean());
        }
        return Response.ok(page).build();
    }

    @Override
    public Response getService(UUID id, String acceptLanguage, String ifNoneMatch) {
        var stored = catalogue.get(id);
        var etag = stored.entityTag();
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(stored.etag()))) {
            return Response.notModified(etag).build();
        }
        if (wantsJsonLd()) {
            var self =
                    uri.getBaseUriBuilder().path("services").path(id.toString()).build();
            var agency = uri.getBaseUriBuilder()
                    .path("agencies")
                    .path(stored.service().agencyId())
                    .build();
            return Response.ok(CpsvJsonLd.of(stored.service(), self, agency), JSON_LD)
                    .tag(etag)
                    .build();
        }
        var language = singleLanguage(acceptLanguage);
        var service = language == null ? stored.service() : stored.service().inLanguage(language);
        return Response.ok(service, MediaType.APPLICATION_JSON_TYPE).tag(etag).build();
    }

    @Override
    @RequiresScope("catalogue:write")
    public Response createService(PublicService service) {
        var created = catalogue.create(caller(), ProblemException.requireBody(service));
        var location = uri.getBaseUriBuilder()
                .path("services")
                .path(created.service().id().toString())
                .build();
        return Response.created(location)
                .entity(created.service())
                .tag(created.entityTag())
                .build();
    }

    @Override
    @RequiresScope("catalogue:write")
    public Response replaceService(UUID id, String ifMatch, PublicService service) {
        var replaced = catalogue.replace(caller(), id, ifMatch, ProblemException.requireBody(service));
        return Response.ok(replaced.service()).tag(replaced.entityTag()).build();
    }

    @Override
    @RequiresScope("catalogue:write")
    public Response withdrawService(UUID id) {
        var withdrawn = catalogue.withdraw(caller(), id);
        return Response.ok(withdrawn.service()).tag(withdrawn.entityTag()).build();
    }

    @Override
    public Response rateService(UUID id, Rating rating) {
        ProblemException.requireBody(rating);
        return Response.ok(catalogue.rate(caller(), id, rating)).build();
    }

    @Override
    public Response listAgencies(String acceptLanguage) {
        var language = singleLanguage(acceptLanguage);
        var agencies = catalogue.agencies().stream()
                .map(a -> language == null ? a : a.inLanguage(language))
                .toList();
        return Response.ok(new AgencyList(agencies)).build();
    }

    @Override
    public Response getAgency(String id, String acceptLanguage) {
        var agency = catalogue.agency(id);
        var language = singleLanguage(acceptLanguage);
        return Response.ok(language == null ? agency : agency.inLanguage(language))
                .build();
    }

    @Override
    public Response getDigitalServiceKpis() {
        return Response.ok(catalogue.kpis()).build();
    }

    @Override
    public Response getTransactionKpis(
            String period,
            LocalDate from,
            LocalDate to,
            List<String> groupBy,
            String agency,
            String service,
            ChannelType channel) {
        var kpiPeriod = parse("period", period == null ? "month" : period, KpiPeriod::fromString);
        var dimensions = new ArrayList<KpiDimension>();
        for (var item : groupBy == null ? List.<String>of() : groupBy) {
            for (var name : item.split(",")) {
                if (!name.isBlank()) {
                    dimensions.add(parse("group_by", name.trim(), KpiDimension::fromString));
                }
            }
        }
        // By default the current month and the eleven before it, whole months.
        var thisMonth = LocalDate.now(KPI_ZONE).withDayOfMonth(1);
        var end = to != null ? to : thisMonth.plusMonths(1);
        var start = from != null ? from : thisMonth.minusMonths(11);
        var query = query(() -> new KpiQuery(kpiPeriod, start, end, dimensions, agency, service, channel));
        return Response.ok(catalogue.transactionKpis().transactions(query)).build();
    }

    @Override
    public Response getServiceCentreKpis(LocalDate from, LocalDate to, String agency) {
        var end = to != null ? to : LocalDate.now(KPI_ZONE).plusDays(1);
        var start = from != null ? from : end.minusDays(91);
        query(() -> KpiQuery.monthly(start, end));
        return Response.ok(catalogue.transactionKpis().serviceCentres(start, end, agency))
                .build();
    }

    private static <T> T parse(String field, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "does not allow " + value);
        }
    }

    private static KpiQuery query(Supplier<KpiQuery> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("to", e.getMessage());
        }
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }

    private boolean wantsJsonLd() {
        return headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.valueOf(JSON_LD)) && !type.isWildcardType());
    }

    /** {@code ar} or {@code en} when the caller asked for exactly one of them; otherwise both languages. */
    static String singleLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.contains(",")) {
            return null;
        }
        var primary = acceptLanguage.split(";")[0].trim().split("-")[0].toLowerCase(Locale.ROOT);
        return primary.equals("ar") || primary.equals("en") ? primary : null;
    }

    @Override
    public Response listJourneys() {
        return Response.ok(new JourneyList(catalogue.journeys())).build();
    }

    @Override
    public Response getJourney(String code) {
        var stored = catalogue.storedJourney(code);
        return Response.ok(stored.journey()).tag(stored.entityTag()).build();
    }

    @Override
    public Response saveJourney(String code, Journey journey, String ifMatch) {
        var saved = catalogue.saveJourney(
                KhidmaPrincipal.of(security), code, ifMatch, ProblemException.requireBody(journey));
        return Response.ok(saved.journey()).tag(saved.entityTag()).build();
    }
}
