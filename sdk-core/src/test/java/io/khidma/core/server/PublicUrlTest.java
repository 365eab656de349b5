package io.khidma.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.testing.RawHttp;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

    /** Answers with the links a resource would write: a Location and its base URI. */
    @Path("/things")
    public static final class Links {
        @Context
        UriInfo uri;

        @POST
        public Response create() {
            return Response.created(uri.getBaseUriBuilder().path("things/1").build())
                    .entity(uri.getBaseUri().toString() + " " + uri.getRequestUri())
                    .build();
        }

        @GET
        public String list() {
            return uri.getRequestUri().toString();
        }
    }

    private static final Map<String, String> FORGED = Map.of(
            "Host", "evil.example",
            "X-Forwarded-Host", "evil.example",
            "X-Forwarded-Proto", "https");

    @Test
    void theConfiguredPublicUrlStartsEveryLinkWhateverTheHeadersSay() {
        try (var server = KhidmaServer.builder()
                .port(0)
                .publicUrl(URI.create("https://api.khidma.example/v1"))
                .trustedProxies(TrustedProxies.of("127.0.0.1"))
                .register(Links.class)
                .start()) {
            var created = RawHttp.send(server.uri(), "POST", "/things?lang=ar", FORGED, "");

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("https://api.khidma.example/v1/things/1");
            assertThat(created.body())
                    .isEqualTo("https://api.khidma.example/v1/ https://api.khidma.example/v1/things?lang=ar");
        }
    }

    @Test
    void withoutAPublicUrlLinksNameTheBoundAddressNotTheHostHeader() {
        try (var server = KhidmaServer.builder().port(0).register(Links.class).start()) {
            var created = RawHttp.send(server.uri(), "POST", "/things", FORGED, "");

            assertThat(created.header("Location"))
                    .isEqualTo(server.uri().resolve("/things/1").toString());
            assertThat(created.whole()).doesNotContain("evil.example");
        }
    }

    @Test
    void aTrustedProxysForwardedHostIsBelievedAndAnyoneElsesIsNot() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", "10.0.0.5:8080");
        headers.put("X-Forwarded-Host", "www.khidma.example, inner.example");
        headers.put("X-Forwarded-Proto", "https");
        try (var trusting = KhidmaServer.builder()
                        .port(0)
                        .trustedProxies(TrustedProxies.of("127.0.0.0/8", "10.0.0.0/8"))
                        .register(Links.class)
                        .start();
                var distrusting = KhidmaServer.builder()
                        .port(0)
                        .trustedProxies(TrustedProxies.of("10.0.0.0/8"))
                        .register(Links.class)
                        .start()) {
            assertThat(RawHttp.send(trusting.uri(), "GET", "/things", headers, null)
                            .body())
                    .isEqualTo("https://www.khidma.example/things");
            assertThat(RawHttp.send(distrusting.uri(), "GET", "/things", headers, null)
                            .body())
                    .isEqualTo(distrusting.uri().resolve("/things").toString());

            headers.put("X-Forwarded-Host", "evil.example/@x");
            assertThat(RawHttp.send(trusting.uri(), "GET", "/things", headers, null)
                            .body())
                    .as("a malformed forwarded host is ignored")
                    .isEqualTo(trusting.uri().resolve("/things").toString());
            headers.put("X-Forwarded-Host", "www.khidma.example");
            headers.put("X-Forwarded-Proto", "javascript");
            assertThat(RawHttp.send(trusting.uri(), "GET", "/things", headers, null)
                            .body())
                    .isEqualTo(trusting.uri().resolve("/things").toString());
        }
    }

    @Test
    void badSettingsAreRefusedAtStart() {
        assertThatThrownBy(() -> KhidmaServer.builder().publicUrl(URI.create("ftp://files.example/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KhidmaServer.builder().publicUrl(URI.create("https://api.example/?x=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.of("proxy.internal")).hasMessageContaining("IP address");
        assertThatThrownBy(() -> TrustedProxies.of("10.0.0.0/33")).hasMessageContaining("prefix");
        assertThat(TrustedProxies.of("2001:db8::/32").trusts("2001:db8:1::7")).isTrue();
        assertThat(TrustedProxies.of("2001:db8::/32").trusts("10.0.0.1")).isFalse();
        assertThat(TrustedProxies.of("192.168.1.0/25").trusts("192.168.1.200")).isFalse();
    }
}
