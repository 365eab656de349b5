package io.khidma.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a citizen's browser does on the hosted payment page: keeps cookies, does not follow
 * redirects. Shared with the other modules' tests through the test jar.
 */
public final class HostedPageBrowser {
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public HttpResponse<String> get(URI uri) {
        return send(http, HttpRequest.newBuilder(uri).build());
    }

    /** Opens the page, fills the form and submits it; returns the answer to the submission. */
    public HttpResponse<String> submit(URI page, Map<String, String> fields) {
        var shown = get(page);
        if (shown.statusCode() != 200) {
            throw new IllegalStateException("the page answered " + shown.statusCode() + ": " + shown.body());
        }
        var form = new LinkedHashMap<String, String>();
        var hidden = HIDDEN.matcher(shown.body());
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2));
        }
        form.putAll(fields);
        var action = page.resolve(page.getRawPath());
        return send(
                http,
                HttpRequest.newBuilder(action)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(urlEncoded(form)))
                        .build());
    }

    public HttpResponse<String> pay(URI page, String card) {
        return submit(
                page,
                Map.of("action", "pay", "card_number", card, "expiry", "12/39", "cvc", "123", "cardholder", "F A"));
    }

    public static String urlEncoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
