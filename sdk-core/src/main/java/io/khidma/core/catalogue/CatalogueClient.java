package io.khidma.core.catalogue;

import static io.khidma.core.http.ServiceConnection.query;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.AgencyList;
import io.khidma.core.catalogue.model.DigitalServiceKpis;
import io.khidma.core.catalogue.model.Journey;
import io.khidma.core.catalogue.model.JourneyList;
import io.khidma.core.catalogue.model.KpiDimension;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.RatingSummary;
import io.khidma.core.catalogue.model.ServiceCentreKpis;
import io.khidma.core.catalogue.model.ServicePage;
import io.khidma.core.catalogue.model.TransactionKpis;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.ServiceClientBuilder;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.http.Versioned;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import io.khidma.core.problem.NotFoundException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The service catalogue API. Thread-safe; build one per endpoint and credentials.
 *
 * <pre>{@code
 * try (var catalogue = CatalogueClient.builder().endpoint(URI.create("https://api.example.gov.ae")).build()) {
 *     for (PublicService service : catalogue.search(ServiceSearch.text("تجديد رخصة المركبة"))) { ... }
 * }
 * }</pre>
 */
public final class CatalogueClient implements AutoCloseable {

    private final ServiceConnection connection;

    private CatalogueClient(ServiceConnection connection) {
        this.connection = connection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every matching service, fetched page by page as iteration proceeds. When the query as typed
     * finds nothing, these are the services its spelling correction finds; {@link #firstPage} says
     * which correction.
     */
    public PagedIterable<PublicService> search(ServiceSearch search) {
        Objects.requireNonNull(search, "search");
        return new PagedIterable<>(cursor -> {
            var page = page(search, cursor);
            return new Page<>(page.items(), page.next());
        });
    }

    /**
     * The first page of a search as the API answers it: the services, the cursor of the next page,
     * and {@link ServicePage#didYouMean()} for a query that was corrected, to show "did you mean".
     */
    public ServicePage firstPage(ServiceSearch search) {
        return page(Objects.requireNonNull(search, "search"), null);
    }

    private ServicePage page(ServiceSearch search, String cursor) {
        var uri = connection.uri("services");
        query(uri, "q", search.text());
        query(uri, "agency", search.agency());
        query(uri, "event", search.event());
        query(uri, "channel", search.channel() == null ? null : search.channel().name());
        query(
                uri,
                "audience",
                search.audience() == null ? null : search.audience().name());
        query(uri, "digital", search.digital() == null ? null : search.digital().toString());
        query(uri, "limit", search.pageSize() == null ? null : search.pageSize().toString());
        query(uri, "cursor", cursor);
        return connection.send(ApiRequest.get(uri.build())).body(ServicePage.class);
    }

    /** @throws NotFoundException when there is no such service */
    public PublicService get(UUID id) {
        return read(id).value();
    }

    public Optional<PublicService> find(UUID id) {
        try {
            return Optional.of(get(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The service with its ETag, to replace it safely. */
    public Versioned<PublicService> read(UUID id) {
        return versioned(connection.send(ApiRequest.get(service(id))));
    }

    /** Publishes a service of the credentials' agency. */
    public Versioned<PublicService> create(PublicService service) {
        return versioned(connection.send(
                ApiRequest.post(connection.uri("services").build()).json(service)));
    }

    /**
     * Replaces the version read as {@code current}.
     *
     * @throws io.khidma.core.problem.PreconditionFailedException when someone changed it since
     */
    public Versioned<PublicService> replace(Versioned<PublicService> current, PublicService replacement) {
        var id = Objects.requireNonNull(current.value().id(), "the service read has no id");
        return versioned(connection.send(
                ApiRequest.put(service(id)).header("If-Match", current.etag()).json(replacement)));
    }

    public PublicService withdraw(UUID id) {
        return connection
                .send(ApiRequest.post(
                        UriBuilder.fromUri(service(id)).path("withdraw").build()))
                .body(PublicService.class);
    }

    /** Rates a service as the citizen whose token the credentials give. */
    public RatingSummary rate(UUID id, Rating rating) {
        return connection
                .send(ApiRequest.post(
                                UriBuilder.fromUri(service(id)).path("ratings").build())
                        .json(rating))
                .body(RatingSummary.class);
    }

    public List<Agency> agencies() {
        return connection
                .send(ApiRequest.get(connection.uri("agencies").build()))
                .body(AgencyList.class)
                .items();
    }

    public Agency agency(String id) {
        return connection
                .send(ApiRequest.get(connection.uri("agencies").path(id).build()))
                .body(Agency.class);
    }

    /** Every integrated journey: services of several agencies a citizen applies for once. */
    public List<Journey> journeys() {
        return connection
                .send(ApiRequest.get(connection.uri("journeys").build()))
                .body(JourneyList.class)
                .items();
    }

    /** A journey with its ETag, to replace it safely. */
    public Versioned<Journey> journey(String code) {
        var response = connection.send(ApiRequest.get(journeyUri(code)));
        return new Versioned<>(response.body(Journey.class), response.etag().orElseThrow());
    }

    /**
     * Defines a journey, or replaces the version read as {@code current} when given; needs a
     * platform client's credentials (scope {@code catalogue:journeys}).
     */
    public Versioned<Journey> saveJourney(Journey journey, Versioned<Journey> current) {
        var request = ApiRequest.put(journeyUri(journey.code())).json(journey);
        if (current != null) {
            request.header("If-Match", current.etag());
        }
        var response = connection.send(request);
        return new Versioned<>(response.body(Journey.class), response.etag().orElseThrow());
    }

    public DigitalServiceKpis digitalServiceKpis() {
        return connection
                .send(ApiRequest.get(connection.uri("kpis/digital-services").build()))
                .body(DigitalServiceKpis.class);
    }

    /** Transaction KPIs computed from real requests, visits and ratings. */
    public TransactionKpis transactionKpis(KpiQuery kpis) {
        var uri = connection.uri("kpis/transactions");
        query(uri, "period", kpis.period().wireName());
        query(uri, "from", kpis.from().toString());
        query(uri, "to", kpis.to().toString());
        query(
                uri,
                "group_by",
                kpis.groupBy().isEmpty()
                        ? null
                        : String.join(
                                ",",
                                kpis.groupBy().stream()
                                        .map(KpiDimension::wireName)
                                        .toList()));
        query(uri, "agency", kpis.agency());
        query(uri, "service", kpis.service());
        query(uri, "channel", kpis.channel() == null ? null : kpis.channel().name());
        return connection.send(ApiRequest.get(uri.build())).body(TransactionKpis.class);
    }

    /** Service centres' visits, punctuality, ratings and star rating over days [from, to); {@code agency} optional. */
    public ServiceCentreKpis serviceCentreKpis(LocalDate from, LocalDate to, String agency) {
        var uri = connection.uri("kpis/service-centres");
        query(uri, "from", from == null ? null : from.toString());
        query(uri, "to", to == null ? null : to.toString());
        query(uri, "agency", agency);
        return connection.send(ApiRequest.get(uri.build())).body(ServiceCentreKpis.class);
    }

    @Override
    public void close() {
        connection.close();
    }

    private URI service(UUID id) {
        return connection.uri("services").path(id.toString()).build();
    }

    private URI journeyUri(String code) {
        return connection
                .uri("journeys")
                .path(Objects.requireNonNull(code, "code"))
                .build();
    }

    private static Versioned<PublicService> versioned(ApiResponse response) {
        return new Versioned<>(
                response.body(PublicService.class), response.etag().orElseThrow());
    }

    /** Builds a {@link CatalogueClient}; reads need no credentials, writes an agency's, ratings a citizen's. */
    public static final class Builder extends ServiceClientBuilder<Builder> {
        private String language;

        private Builder() {}

        /** {@code ar} or {@code en} to receive texts in one language only. */
        public Builder language(String language) {
            if (language != null && !language.equals("ar") && !language.equals("en")) {
                throw new IllegalArgumentException("language must be ar or en");
            }
            this.language = language;
            return this;
        }

        public CatalogueClient build() {
            return new CatalogueClient(connection(language == null ? Map.of() : Map.of("Accept-Language", language)));
        }
    }
}
