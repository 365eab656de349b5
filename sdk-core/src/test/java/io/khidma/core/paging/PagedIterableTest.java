package io.khidma.core.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.Transport;
import io.khidma.core.server.KhidmaServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagedIterableTest {

    /** Three pages of names, linked by opaque cursors. */
    @Path("/names")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class NamesResource {
        private static final Map<String, Page<String>> PAGES = Map.of(
                "", new Page<>(List.of("Dubai", "Abu Dhabi"), "c2"),
                "c2", new Page<>(List.of("Sharjah", "Ajman"), "c3"),
                "c3", new Page<>(List.of("Fujairah"), null));
        final AtomicInteger fetches = new AtomicInteger();

        @GET
        public Page<String> page(@QueryParam("cursor") String cursor) {
            fetches.incrementAndGet();
            return PAGES.get(cursor == null ? "" : cursor);
        }
    }

    static NamesResource names;
    static KhidmaServer server;
    static Transport transport;

    @BeforeAll
    static void start() {
        names = new NamesResource();
        server = KhidmaServer.builder().port(0).register(names).start();
        transport = Transport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @BeforeEach
    void resetCount() {
        names.fetches.set(0);
    }

    private PagedIterable<String> allNames() {
        return new PagedIterable<>(cursor -> {
            var uri = UriBuilder.fromUri(server.uri()).path("names");
            if (cursor != null) {
                uri.queryParam("cursor", cursor);
            }
            return transport.send(ApiRequest.get(uri.build()).build()).body(new TypeReference<Page<String>>() {});
        });
    }

    @Test
    void walksThreePagesInOrderAndStops() {
        var seen = new ArrayList<String>();
        allNames().forEach(seen::add);

        assertThat(seen).containsExactly("Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Fujairah");
        assertThat(names.fetches).hasValue(3);
    }

    @Test
    void fetchesNothingUntilIteratedAndOnlyThePagesItNeeds() {
        var iterable = allNames();
        assertThat(names.fetches).as("nothing fetched before iteration").hasValue(0);

        assertThat(iterable.stream().limit(3).toList()).containsExactly("Dubai", "Abu Dhabi", "Sharjah");
        assertThat(names.fetches).as("two pages were enough").hasValue(2);
    }

    @Test
    void byPageShowsTheCursors() {
        var cursors = new ArrayList<String>();
        for (var page : allNames().byPage()) {
            cursors.add(page.next());
        }

        assertThat(cursors).containsExactly("c2", "c3", null);
    }
}
