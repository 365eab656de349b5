package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestClientTest {

    private final TestClient portal = TestClient.withSecret(
            "portal",
            "secret",
            "rta",
            Set.of(
                    URI.create("http://127.0.0.1:3000/callback"),
                    URI.create("http://[::1]:3000/callback"),
                    URI.create("https://portal.example.ae/callback")),
            Set.of());

    @Test
    void aRegisteredRedirectMatchesExactly() {
        assertThat(portal.allowsRedirectTo(URI.create("https://portal.example.ae/callback")))
                .isTrue();
        assertThat(portal.allowsRedirectTo(URI.create("http://127.0.0.1:3000/callback")))
                .isTrue();
    }

    @Test
    void aLoopbackIpRedirectMatchesOnAnyPort() {
        assertThat(portal.allowsRedirectTo(URI.create("http://127.0.0.1:49152/callback")))
                .isTrue();
        assertThat(portal.allowsRedirectTo(URI.create("http://[::1]:8000/callback")))
                .isTrue();
    }

    @Test
    void everythingElseAboutALoopbackRedirectMustStillMatch() {
        assertThat(portal.allowsRedirectTo(URI.create("http://127.0.0.1:49152/other")))
                .isFalse();
        assertThat(portal.allowsRedirectTo(URI.create("http://127.0.0.1:49152/callback?next=x")))
                .isFalse();
        assertThat(portal.allowsRedirectTo(URI.create("https://127.0.0.1:49152/callback")))
                .isFalse();
        assertThat(portal.allowsRedirectTo(URI.create("http://user@127.0.0.1:49152/callback")))
                .isFalse();
        assertThat(portal.allowsRedirectTo(URI.create("http://localhost:49152/callback")))
                .as("a host name is not a loopback IP address: it could resolve elsewhere")
                .isFalse();
    }

    @Test
    void aPortIsNotFreeForAnyOtherHost() {
        assertThat(portal.allowsRedirectTo(URI.create("https://portal.example.ae:8443/callback")))
                .isFalse();
        assertThat(portal.allowsRedirectTo(null)).isFalse();
    }
}
