package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.examples.sandbox.SandboxIdentities;
import io.khidma.opendata.AggregateQuery;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.model.AggregateResult;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.Payment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages people see, in a real browser (Debian's headless Chromium through ChromeDriver, which
 * {@code scripts/install-browser} installs): the hosted payment page in Arabic right to left and in
 * English, a test-card payment back to the service's return URL, a declined card's bilingual
 * message, the sandbox identity provider's chooser, the API docs under their strict CSP, and the
 * open-data portal: both directions, search and facets, a chart's bars, a download, keyboard and
 * labels. The portal's screenshots land in {@code target/screenshots}.
 */
class BrowserPagesTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static Path data;
    static Sandbox sandbox;
    static HttpServer service;
    static WebDriver browser;
    static ClientCredentialsTokenProvider rta;
    static Path downloads;

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
        downloads = Files.createTempDirectory("khidma-downloads");
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
                        "--window-size=1280,1000",
                        "--user-data-dir=" + Files.createTempDirectory("khidma-chromium"));
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false,
                        "download.directory_upgrade", true));
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

    @Test
    void thePortalIsArabicRightToLeftAndEnglishLeftToRightWithLabelsAndKeyboard() throws Exception {
        browser.get(sandbox.uri().resolve("/portal").toString());
        assertThat(attribute("html", "dir")).isEqualTo("rtl");
        assertThat(attribute("html", "lang")).isEqualTo("ar");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("ابحث في مجموعات البيانات");
        screenshot("portal-search-ar.png");
        assertEveryControlHasALabel();
        // The first Tab reaches the link that skips to the content.
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("class")).isEqualTo("skip");

        browser.findElement(By.id("language")).click();
        assertThat(attribute("html", "dir")).isEqualTo("ltr");
        assertThat(attribute("html", "lang")).isEqualTo("en");
        screenshot("portal-search-en.png");
    }

    @Test
    void portalSearchAndAFacetNarrowTheDatasets() {
        browser.get(sandbox.uri().resolve("/portal?lang=en").toString());
        int all = results().size();

        var query = browser.findElement(By.id("q"));
        query.sendKeys("kiosks", Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("q=kiosks"));
        var found = results();
        assertThat(found).isNotEmpty().hasSizeLessThan(all);
        assertThat(browser.findElement(By.cssSelector(".result h3")).getText()).containsIgnoringCase("kiosk");

        browser.get(sandbox.uri().resolve("/portal?lang=en").toString());
        var rta = browser.findElement(By.cssSelector("a[data-facet='publisher'][data-value='rta']"));
        var counted = Integer.parseInt(
                rta.findElement(By.xpath("following-sibling::span")).getText());
        rta.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("publisher=rta"));
        assertThat(results()).hasSize(counted).hasSizeLessThan(all);
    }

    @Test
    void aDatasetsChartShowsTheBarsOfTheAggregationPicked() throws Exception {
        var kiosks = kiosksDataset();
        AggregateResult expected;
        try (var data = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            expected = data.aggregate(kiosks, AggregateQuery.groupBy("emirate").sum("kiosks"));
        }
        browser.get(sandbox.uri().resolve("/portal/datasets/" + kiosks).toString());
        new Select(browser.findElement(By.id("group"))).selectByValue("emirate");
        new Select(browser.findElement(By.id("measure"))).selectByValue("sum(kiosks)");
        browser.findElement(By.id("measure")).submit();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("measure=sum"));

        var bars = new LinkedHashMap<String, BigDecimal>();
        for (var bar : browser.findElements(By.cssSelector("svg.chart rect.bar"))) {
            bars.put(bar.getAttribute("data-label"), new BigDecimal(bar.getAttribute("data-value")));
            assertThat(bar.getSize().getHeight()).isPositive();
        }
        var want = new LinkedHashMap<String, BigDecimal>();
        expected.groups()
                .forEach(g -> want.put(
                        (String) g.get("emirate"),
                        new BigDecimal(g.get("sum(kiosks)").toString())));
        assertThat(bars).isEqualTo(want);
        assertThat(browser.findElement(By.tagName("svg")).getAttribute("role")).isEqualTo("img");
        assertEveryControlHasALabel();
        screenshot("portal-dataset-ar.png");
        browser.get(
                sandbox.uri().resolve("/portal/datasets/" + kiosks + "?lang=en").toString());
        screenshot("portal-dataset-en.png");
    }

    @Test
    void aPortalDownloadLinkDownloadsTheFile() throws Exception {
        var kiosks = kiosksDataset();
        browser.get(
                sandbox.uri().resolve("/portal/datasets/" + kiosks + "?lang=en").toString());

        browser.findElement(By.cssSelector("a[data-format='csv']")).click();

        var file = new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".csv"))
                        .findFirst()
                        .orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        assertThat(Files.readString(file)).startsWith("id,emirate,");
    }

    private UUID kiosksDataset() {
        try (var data = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            return data.search(DatasetQuery.text("kiosks").publisher("rta")).stream()
                    .findFirst()
                    .orElseThrow()
                    .id();
        }
    }

    private List<WebElement> results() {
        return browser.findElements(By.cssSelector("article.result"));
    }

    /** Every control a person uses has a label that names it. */
    private void assertEveryControlHasALabel() {
        for (var control : browser.findElements(By.cssSelector("input:not([type='hidden']), select"))) {
            var id = control.getAttribute("id");
            assertThat(id).as("a control without an id").isNotBlank();
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']")))
                    .as("the label of " + id)
                    .isNotEmpty();
        }
    }

    /** The whole page, not only what the window shows. */
    private void screenshot(String name) throws java.io.IOException {
        var shots = Files.createDirectories(Path.of("target", "screenshots"));
        var window = browser.manage().window();
        var size = window.getSize();
        long height =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        window.setSize(new Dimension(size.getWidth(), (int) Math.min(height + 140, 4000)));
        try {
            Files.write(shots.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            window.setSize(size);
        }
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
