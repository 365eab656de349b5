package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages people see, in a real browser (Debian's headless Chromium through ChromeDriver, which
 * {@code scripts/install-browser} installs): the hosted payment page in Arabic right to left and in
 * English, a test-card payment back to the service's return URL, a declined card's bilingual
 * message, the sandbox identity provider's chooser, and the API docs under their strict CSP.
 */
class BrowserPagesTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static Path data;
    static Sandbox sandbox;
    static HttpServer service;
    static WebDriver browser;
    static ClientCredentialsTokenProvider rta;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("scripts/install-browser installs Chromium").isExecutable();
        assertThat(CHROMEDRIVER)
                .as("scripts/install-browser installs ChromeDriver")
                .isExecutable();
        data = Files.createTempDirectory("khidma-browser");
        sandbox = Sandbox.start(data);
        // The agency's own site: where the payment page and the identity provider send people back.
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            var page = "<!doctype html><title>back at the service</title><p id=back>"
                    + exchange.getRequestURI().getPath() + "</p>";
            var bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        service.start();
        var options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + Files.createTempDirectory("khidma-chromium"));
        var driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        rta = Examples.agencyTokens(
                sandbox.uri(), SandboxIdentities.load().clients().get(0).clientId());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop(0);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void thePaymentPageIsArabicRightToLeftAndEnglishLeftToRight() {
        var payment = newPayment("BROWSER-1");

        browser.get(payment.nextUrl().toString());
        assertThat(attribute("html", "dir")).isEqualTo("rtl");
        assertThat(attribute("html", "lang")).isEqualTo("ar");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("تجديد");

        browser.get(payment.nextUrl() + "&lang=en");
        assertThat(attribute("html", "dir")).isEqualTo("ltr");
        assertThat(attribute("html", "lang")).isEqualTo("en");
    }

    @Test
    void aTestCardPaymentCompletesAndReturnsToTheService() {
        var payment = newPayment("BROWSER-2");

        payWith(payment, SandboxProvider.SUCCESS_CARD, "ar");

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/paid/BROWSER-2"));
        assertThat(pageTells("/paid/BROWSER-2")).isTrue();
        try (var payments = payments()) {
            assertThat(payments.get(payment.id()).status()).isEqualTo(PaymentStatus.CAPTURED);
        }
    }

    @Test
    void aDeclinedCardIsToldInTheCitizensLanguageAndChargesNothing() {
        var arabic = newPayment("BROWSER-3");
        var english = newPayment("BROWSER-4");

        payWith(arabic, SandboxProvider.DECLINED_CARD, "ar");
        assertThat(pageTells("رُفضت البطاقة. لم يُخصم أي مبلغ.")).isTrue();
        payWith(english, SandboxProvider.DECLINED_CARD, "en");
        assertThat(pageTells("Your card was declined. Nothing was charged.")).isTrue();

        try (var payments = payments()) {
            assertThat(payments.get(arabic.id()).capturedAmount()).isZero();
            assertThat(payments.get(english.id()).capturedAmount()).isZero();
        }
    }

    @Test
    void theIdentityProvidersChooserLogsACitizenInAndReturnsWithACode() throws Exception {
        var verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        var challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        var callback = "http://127.0.0.1:" + service.getAddress().getPort() + "/callback";
        var authorize = sandbox.uri()
                .resolve("/identity/authorize?client_id=rta-portal&response_type=code"
                        + "&scope=openid&state=s-123&nonce=n-456&code_challenge_method=S256&code_challenge=" + challenge
                        + "&redirect_uri=" + URLEncoder.encode(callback, StandardCharsets.UTF_8));

        browser.get(authorize.toString());
        assertThat(browser.getPageSource()).contains("فاطمة");
        browser.findElement(By.cssSelector("a[href*='login_hint=citizen-fatima']"))
                .click();

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/callback"));
        var back = URI.create(browser.getCurrentUrl());
        assertThat(back.getQuery()).contains("code=", "state=s-123");
    }

    @Test
    void theApiDocsRenderUnderTheirContentSecurityPolicy() {
        browser.get(sandbox.uri().resolve("/docs").toString());

        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
        assertThat(browser.findElements(By.cssSelector(".opblock"))).isNotEmpty();
    }

    private Payment newPayment(String reference) {
        try (var catalogue = CatalogueClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(rta)
                        .build();
                var payments = payments()) {
            var renewal =
                    catalogue
                            .search(ServiceSearch.text("vehicle registration renewal")
                                    .withAgency("rta"))
                            .stream()
                            .filter(s -> s.code().equals("RTA-VEH-RENEW"))
                            .findFirst()
                            .orElseThrow();
            var returnUrl =
                    URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/paid/" + reference);
            return payments.create(NewPayment.of(
                    reference,
                    returnUrl,
                    LineItemRequest.of(renewal.id(), "RENEW"),
                    LineItemRequest.of(renewal.id(), "KNOWLEDGE")));
        }
    }

    private void payWith(Payment payment, String card, String language) {
        browser.get(payment.nextUrl() + "&lang=" + language);
        browser.findElement(By.name("card_number")).sendKeys(card);
        browser.findElement(By.name("expiry")).sendKeys("12/34");
        browser.findElement(By.name("cvc")).sendKeys("123");
        var pay = browser.findElement(By.cssSelector("button[name='action'][value='pay']"));
        pay.click();
        // The answer replaces the page. Chrome reports the old button either as stale or, when the
        // question races the navigation, as an inspector error about a node of another document:
        // both mean it is gone.
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> {
            try {
                pay.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }

    /** Waits for the page that answered the form to show the message; false when it never does. */
    private boolean pageTells(String message) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), message));
        } catch (TimeoutException e) {
            return false;
        }
    }

    private PaymentsClient payments() {
        return PaymentsClient.builder().endpoint(sandbox.uri()).credentials(rta).build();
    }

    private String attribute(String tag, String name) {
        return browser.findElement(By.tagName(tag)).getAttribute(name);
    }
}
