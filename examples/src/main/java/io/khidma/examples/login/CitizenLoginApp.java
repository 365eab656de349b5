package io.khidma.examples.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.khidma.core.identity.AuthorizationOptions;
import io.khidma.core.identity.CitizenProfile;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.LoginException;
import io.khidma.core.identity.LoginRequest;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.ProfileMapping;
import io.khidma.examples.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User story: a citizen logs in to an agency's web application with the national identity
 * (OpenID Connect, authorization code with PKCE).
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.login.CitizenLoginApp [sandbox-url] [port]
 * </pre>
 *
 * Then open {@code http://127.0.0.1:3000/} and log in as one of the sandbox's test citizens. The
 * application keeps each browser's login in a server-side session behind an HttpOnly cookie: the
 * pending {@link LoginRequest} (state, nonce, PKCE verifier) until the callback, then the
 * citizen's profile. {@link OidcClient#completeLogin} checks the state, exchanges the code and
 * verifies the ID token's signature and nonce with Nimbus. With UAE PASS, only the issuer, the
 * client's credentials and {@link ProfileMapping#uaePass()} change.
 */
public final class CitizenLoginApp implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the application remembers about one browser. */
    private record Session(LoginRequest pending, CitizenProfile citizen) {}

    private final HttpServer http;
    private final OidcClient oidc;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private CitizenLoginApp(URI sandbox, int port) {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        oidc = OidcClient.builder()
                .issuer(sandbox.resolve("/identity"))
                .clientAuthentication(ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                // Registered as http://127.0.0.1:3000/callback; on a loopback address any port is accepted.
                .redirectUri(uri().resolve("/callback"))
                .profileMapping(ProfileMapping.uaePass())
                .build();
        http.createContext("/", guarded(this::home));
        http.createContext("/login", guarded(this::login));
        http.createContext("/callback", guarded(this::callback));
        http.createContext("/logout", guarded(this::logout));
        http.start();
    }

    /** Starts the application on loopback at {@code port}, 0 for any free port. */
    public static CitizenLoginApp start(URI sandbox, int port) {
        return new CitizenLoginApp(sandbox, port);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    private void home(HttpExchange exchange) throws IOException {
        var id = sessionId(exchange);
        var session = id == null ? null : sessions.get(id);
        if (session == null || session.citizen() == null) {
            page(
                    exchange,
                    200,
                    "<p><a href=\"/login\">تسجيل الدخول بالهوية الرقمية — Log in with the national identity</a></p>");
            return;
        }
        var citizen = session.citizen();
        page(
                exchange,
                200,
                "<p>مرحباً " + html(citizen.name().ar()) + " — <span lang=\"en\" dir=\"ltr\">Welcome, "
                        + html(citizen.name().en()) + "</span></p>\n<p>Level of assurance: "
                        + citizen.levelOfAssurance() + "</p>\n<p><a href=\"/logout\">تسجيل الخروج — Log out</a></p>");
    }

    /** Starts a login: a fresh state, nonce and PKCE verifier kept in the session, and off to the provider. */
    private void login(HttpExchange exchange) throws IOException {
        var login = oidc.authorizationRequest(AuthorizationOptions.defaults().withUiLocales("ar", "en"));
        var id = newSessionId();
        sessions.put(id, new Session(login, null));
        exchange.getResponseHeaders()
                .add("Set-Cookie", "session=" + id + "; Path=/; HttpOnly; SameSite=Lax"); // and Secure, over https
        redirect(exchange, login.uri());
    }

    private void callback(HttpExchange exchange) throws IOException {
        var id = sessionId(exchange);
        var session = id == null ? null : sessions.remove(id);
        if (session == null || session.pending() == null) {
            page(exchange, 400, "<p>No login in progress. <a href=\"/login\">Log in</a></p>");
            return;
        }
        try {
            var tokens = oidc.completeLogin(uri().resolve(exchange.getRequestURI()), session.pending());
            var citizen = oidc.userInfo(tokens);
            // A new session id after login, so one planted before it is worth nothing.
            var loggedIn = newSessionId();
            sessions.put(loggedIn, new Session(null, citizen));
            exchange.getResponseHeaders().add("Set-Cookie", "session=" + loggedIn + "; Path=/; HttpOnly; SameSite=Lax");
            redirect(exchange, uri());
        } catch (LoginException e) {
            page(exchange, 400, "<p>Login failed: " + html(e.getMessage()) + ". <a href=\"/login\">Try again</a></p>");
        }
    }

    private void logout(HttpExchange exchange) throws IOException {
        var id = sessionId(exchange);
        if (id != null) {
            sessions.remove(id);
        }
        exchange.getResponseHeaders().add("Set-Cookie", "session=; Path=/; Max-Age=0");
        redirect(exchange, uri());
    }

    /** An unexpected failure (the identity provider unreachable, say) becomes a 500 page, and its cause is logged. */
    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                System.err.println("request " + exchange.getRequestURI().getPath() + " failed: " + e);
                page(exchange, 500, "<p>Something went wrong. <a href=\"/\">Start again</a></p>");
            }
        };
    }

    private static String sessionId(HttpExchange exchange) {
        for (var header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (var cookie : header.split(";")) {
                var pair = cookie.trim();
                if (pair.startsWith("session=")) {
                    return pair.substring("session=".length());
                }
            }
        }
        return null;
    }

    private static String newSessionId() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void redirect(HttpExchange exchange, URI location) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Location", location.toString());
            exchange.sendResponseHeaders(303, -1);
        }
    }

    private static void page(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = ("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                        + "<title>بوابة الخدمات — Services portal</title></head>\n<body>\n" + body
                        + "\n</body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String html(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    @Override
    public void close() {
        http.stop(0);
        oidc.close();
    }

    public static void main(String[] args) {
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        var app = start(Examples.sandbox(args), port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Open " + app.uri() + " and log in  |  افتح الرابط وسجّل الدخول");
    }
}
