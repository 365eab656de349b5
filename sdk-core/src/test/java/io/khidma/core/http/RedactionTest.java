package io.khidma.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void credentialsInHeadersAreMasked() {
        var safe = Redaction.headers(Map.of(
                "Authorization", List.of("Bearer eyJhbGciOi.secret"),
                "cookie", List.of("session=abc"),
                "Accept", List.of("application/json")));

        assertThat(safe.get("authorization")).containsExactly("<redacted>");
        assertThat(safe.get("Cookie")).containsExactly("<redacted>");
        assertThat(safe.get("Accept")).containsExactly("application/json");
    }

    @Test
    void credentialsInQueryStringsAreMasked() {
        var uri = URI.create("https://id.example.ae/callback?state=s1&code=abc123&client_secret=hunter2&lang=ar");

        assertThat(Redaction.uri(uri))
                .isEqualTo("https://id.example.ae/callback?state=s1&code=<redacted>&client_secret=<redacted>&lang=ar");
    }
}
