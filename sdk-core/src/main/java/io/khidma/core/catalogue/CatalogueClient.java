package io.khidma.core.catalogue;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.AgencyList;
import io.khidma.core.catalogue.model.DigitalServiceKpis;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.RatingSummary;
import io.khidma.core.catalogue.model.ServicePage;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ApiResponse;
import io.khidma.core.http.Transport;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.http.Versioned;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.paging.Page;
import io.khidma.core.paging.PagedIterable;
import io.khidma.core.problem.NotFoundException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
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

    private final URI endpoint;
    private final TokenProvider credentials;
    private final String language;
    private final Transport transport;
    private final boolean ownsTransport;

    private CatalogueClient(Builder b) {
        this.endpoint = b.endpoint;
        this.credentials = b.credentials;
        this.language = b.language;
        this.transport = b.transport != null ? b.transport : Transport.create(b.options);
        this.ownsTransport = b.transport == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every matching service, fetched page by page as iteration proceeds. */
    public PagedIterable<PublicService> search(ServiceSearch search) {
        Objects.requireNonNull(search, "search");
        return new PagedIterable<>(cursor -> {
            var uri = UriBuilder.fromUri(endpoint).path("services");
            query(uri, "q", search.text());
            query(uri, "agency", search.agency());
            query(uri, "event", search.event());
            query(
                    uri,
                    "channel",
                    search.channel() == null ? null : search.channel().name());
            query(
                    uri,
                    "digital",
                    search.digital() == null ? null : search.digital().toString());
            query(
                    uri,
                    "limit",
                    search.pageSize() == null ? null : search.pageSize().toString());
            query(uri, "cursor", cursor);
            var page = send(ApiRequest.get(uri.build())).body(ServicePage.class);
            return new Page<>(page.items(), page.next());
        });
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
        return versioned(send(ApiRequest.get(service(id))));
    }

    /** Publishes a service of the credentials' agency. */
    public Versioned<PublicService> create(PublicService service) {
        return versioned(send(
                ApiRequest.post(UriBuilder.fromUri(endpoint).path("services").build())
                        .json(service)));
    }

    /**
     * Replaces the version read as {@code current}.
     *
     * @throws io.khidma.core.problem.PreconditionFailedException when someone changed it since
     */
    public Versioned<PublicService> replace(Versioned<PublicService> current, PublicService replacement) {
        var id = Objects.requireNonNull(current.value().id(), "the service read has no id");
        return versioned(send(
                ApiRequest.put(service(id)).header("If-Match", current.etag()).json(replacement)));
    }

    public PublicService withdraw(UUID id) {
        return send(ApiRequest.post(
                        UriBuilder.fromUri(service(id)).path("withdraw").build()))
                .body(PublicService.class);
    }

    /** Rates a service as the citizen whose token the credentials give. */
    public RatingSummary rate(UUID id, Rating rating) {
        return send(ApiRequest.post(
                                UriBuilder.fromUri(service(id)).path("ratings").build())
                        .json(rating))
                .body(RatingSummary.class);
    }

    public List<Agency> agencies() {
        return send(ApiRequest.get(UriBuilder.fromUri(endpoint).path("agencies").build()))
                .body(AgencyList.class)
                .items();
    }

    public Agency agency(String id) {
        return send(ApiRequest.get(
                        UriBuilder.fromUri(endpoint).path("agencies").path(id).build()))
                .body(Agency.class);
    }

    public DigitalServiceKpis digitalServiceKpis() {
        return send(ApiRequest.get(UriBuilder.fromUri(endpoint)
                        .path("kpis/digital-services")
                        .build()))
                .body(DigitalServiceKpis.class);
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    private URI service(UUID id) {
        return UriBuilder.fromUri(endpoint).path("services").path(id.toString()).build();
    }

    private ApiResponse send(ApiRequest.Builder request) {
        if (credentials != null) {
            request.credentials(credentials);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return transport.send(request.build());
    }

    private static Versioned<PublicService> versioned(ApiResponse response) {
        return new Versioned<>(
                response.body(PublicService.class), response.etag().orElseThrow());
    }

    private static void query(UriBuilder uri, String name, String value) {
        if (value != null) {
            // Values go through queryParam's template-free encoding: braces in a query are not templates here.
            uri.queryParam(name, value.replace("{", "%7B").replace("}", "%7D"));
        }
    }

    public static final class Builder {
        private URI endpoint;
        private TokenProvider credentials;
        private String language;
        private Transport transport;
        private TransportOptions options = TransportOptions.defaults();

        private Builder() {}

        /** The API's base URI, e.g. {@code https://api.example.gov.ae/}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The bearer tokens for writes (an agency's) or ratings (a citizen's); reads need none. */
        public Builder credentials(TokenProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** {@code ar} or {@code en} to receive texts in one language only. */
        public Builder language(String language) {
            if (language != null && !language.equals("ar") && !language.equals("en")) {
                throw new IllegalArgumentException("language must be ar or en");
            }
            this.language = language;
            return this;
        }

        /** A transport to share with other clients; the client then does not close it. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        public Builder options(TransportOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public CatalogueClient build() {
            Objects.requireNonNull(endpoint, "endpoint");
            return new CatalogueClient(this);
        }
    }
}
