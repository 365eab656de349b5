package io.khidma.examples.sandbox;

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
 * What a citizen's browser does against the sandbox, for the demo journey and the examples' tests:
 * follow redirects, keep cookies, pick a test citizen on the identity provider's page, fill in the
 * hosted payment page. Redirects to a site that is not listening are not followed: {@link
 * #redirectOf(URI)} returns where the browser would go.
 */
public final class SandboxBrowser {

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Opens {@code uri}, following redirects, and returns the page it ends on. */
    public HttpResponse<String> open(URI uri) {
        var response = get(uri);
        for (int hops = 0; isRedirect(response) && hops < 10; hops++) {
            response = get(redirectTarget(response));
        }
        return response;
    }

    /** Opens {@code uri} without following its redirect; returns where it sends the browser. */
    public URI redirectOf(URI uri) {
        var response = get(uri);
        if (!isRedirect(response)) {
            throw new IllegalStateException("expected a redirect from " + uri + ", got " + response.statusCode());
        }
        return redirectTarget(response);
    }

    /**
     * On the identity provider's "choose a test citizen" page, the link that logs {@code subject}
     * in.
     */
    public URI citizenLink(HttpResponse<String> chooser, String subject) {
        var links = LINK.matcher(chooser.body());
        while (links.find()) {
            var href = links.group(1).replace("&amp;", "&");
            if (href.contains("login_hint=" + subject + "&") || href.endsWith("login_hint=" + subject)) {
                return chooser.uri().resolve(href);
            }
        }
        throw new IllegalStateException("the page at " + chooser.uri() + " offers no login as " + subject);
    }

    /**
     * Opens the hosted payment page, pays with {@code card} and returns where the page sends the
     * citizen back to (the service's return URL).
     */
    public URI payOnHostedPage(URI page, String card) {
        var shown = get(page);
        if (shown.statusCode() != 200) {
            throw new IllegalStateException("the payment page answered " + shown.statusCode());
        }
        var form = new LinkedHashMap<String, String>();
        var hidden = HIDDEN.matcher(shown.body());
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2));
        }
        form.putAll(Map.of("action", "pay", "card_number", card, "expiry", "12/34", "cvc", "123"));
        var body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var answer = send(HttpRequest.newBuilder(page.resolve(page.getRawPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException(
                    "the payment page did not send the citizen back (status " + answer.statusCode() + ")");
        }
        return redirectTarget(answer);
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() / 100 == 3
                && response.headers().firstValue("Location").isPresent();
    }

    private static URI redirectTarget(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }
}
