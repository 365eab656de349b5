package io.khidma.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.Audience;
import io.khidma.core.identity.AuthorizationOptions;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.LevelOfAssurance;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.ProfileMapping;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnAFreePortServesDocsAndKeepsItsDatabaseAcrossRestarts(@TempDir Path data) throws Exception {
        var options = new SandboxOptions("127.0.0.1", 0, data, false, false, null);
        try (var sandbox = Sandbox.start(options)) {
            assertThat(sandbox.uri().getPort()).isPositive();
            assertThat(status(sandbox, "/health/ready")).isEqualTo(200);
            assertThat(status(sandbox, "/docs")).isEqualTo(200);
            assertThat(status(sandbox, "/openapi/platform.yaml")).isEqualTo(200);
            assertThat(status(sandbox, "/openapi/identity.yaml")).isEqualTo(200);
            assertThat(status(sandbox, "/openapi/catalogue.yaml")).isEqualTo(200);
            assertThat(status(sandbox, "/openapi/payments.yaml")).isEqualTo(200);
            assertThat(status(sandbox, "/openapi/opendata.yaml")).isEqualTo(200);
            assertThat(status(sandbox, "/datasets")).isEqualTo(200);
        }
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        var firstInit = Files.getLastModifiedTime(data.resolve("postgres/PG_VERSION"));

        try (var again = Sandbox.start(options)) {
            assertThat(status(again, "/health/ready")).isEqualTo(200);
        }
        assertThat(Files.getLastModifiedTime(data.resolve("postgres/PG_VERSION")))
                .as("the data folder was reused, not initialised again")
                .isEqualTo(firstInit);
    }

    @Test
    void aSeededTestCitizenLogsInThroughTheSandboxProvider(@TempDir Path data) {
        try (var sandbox = Sandbox.start(new SandboxOptions("127.0.0.1", 0, data, false, false, null));
                var oidc = OidcClient.builder()
                        .issuer(sandbox.uri().resolve("/identity"))
                        .clientAuthentication(
                                ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                        .redirectUri(URI.create("http://127.0.0.1:3000/callback"))
                        .profileMapping(ProfileMapping.uaePass())
                        .build()) {
            var login =
                    oidc.authorizationRequest(AuthorizationOptions.defaults().withLoginHint("citizen-fatima"));
            var callback = redirectOf(login.uri());
            var profile = oidc.userInfo(oidc.completeLogin(callback, login));

            assertThat(profile.name().ar()).isEqualTo("فاطمة أحمد المنصوري");
            assertThat(profile.levelOfAssurance()).isEqualTo(LevelOfAssurance.SUBSTANTIAL);
        }
    }

    private URI redirectOf(URI uri) {
        try {
            var response = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding());
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDemoCatalogueIsSeededAndSearchableInArabic(@TempDir Path data) {
        try (var sandbox = Sandbox.start(new SandboxOptions("127.0.0.1", 0, data, false, false, null));
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build()) {
            var found = catalogue
                    .search(ServiceSearch.text("تصاريح العمل"))
                    .iterator()
                    .next();
            assertThat(found.agencyId())
                    .as("a broken plural finds the ministry's permits")
                    .isEqualTo("mohre");
            var forVisitors = catalogue.search(ServiceSearch.text("visa").withAudience(Audience.VISITOR)).stream()
                    .map(s -> s.code())
                    .toList();
            assertThat(forVisitors).contains("ICP-TOURIST-VISA").doesNotContain("ICP-RES-RENEW");
            var corrected = catalogue.firstPage(ServiceSearch.text("vehical registration"));
            assertThat(corrected.didYouMean()).isEqualTo("vehicle registration");
            assertThat(corrected.items()).extracting(s -> s.agencyId()).contains("rta");
            assertThat(catalogue.agencies())
                    .hasSizeGreaterThanOrEqualTo(30)
                    .extracting(a -> a.id())
                    .contains("rta", "dof", "mohre", "moec", "icp", "dewa", "adp", "sewa");
            // The national catalogue's 310 services, eleven that take applications in two journeys,
            // and the Tawseel home visit.
            assertThat(catalogue.digitalServiceKpis().total().activeServices()).isEqualTo(322);
            assertThat(catalogue.journeys())
                    .extracting(journey -> journey.code())
                    .containsExactlyInAnyOrder(SandboxRequests.START_BUSINESS, SandboxRequests.HIRE_A_WORKER);
        }
        try (var again = Sandbox.start(new SandboxOptions("127.0.0.1", 0, data, false, false, null));
                var catalogue = CatalogueClient.builder().endpoint(again.uri()).build()) {
            assertThat(catalogue.digitalServiceKpis().total().activeServices())
                    .as("seeding twice adds nothing")
                    .isEqualTo(322);
        }
    }

    @Test
    void theSyntheticOpenDataIsPublishedOnceAndTheGeneratedDatasetPagesAndDownloads(@TempDir Path data)
            throws Exception {
        var options = new SandboxOptions("127.0.0.1", 0, data, false, false, null);
        try (var sandbox = Sandbox.start(options);
                var open = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            var found = open.search(DatasetQuery.text("أجهزة الخدمة الذاتية")).stream()
                    .toList();
            assertThat(found).singleElement().satisfies(kiosks -> {
                assertThat(kiosks.publisher()).isEqualTo("rta");
                assertThat(kiosks.title().en()).contains("synthetic");
            });
            assertThat(open.search(DatasetQuery.all()).stream().map(d -> d.publisher()))
                    .containsExactlyInAnyOrder("mohre", "dof", "rta", "tdra");
            var live =
                    open.search(DatasetQuery.all().publisher("tdra")).stream().toList();
            assertThat(live).singleElement().satisfies(dataset -> {
                assertThat(dataset.title().en()).isEqualTo("Service transactions by channel (live)");
                assertThat(dataset.latestVersion()).isEqualTo(1);
            });
            var turtle = http.send(
                            HttpRequest.newBuilder(sandbox.uri()
                                            .resolve("/datasets/" + found.get(0).id()))
                                    .header("Accept", "text/turtle")
                                    .build(),
                            BodyHandlers.ofString())
                    .body();
            assertThat(turtle).as("publisher named from the catalogue").contains("هيئة الطرق والمواصلات");

            var generated = SandboxOpenData.publishLarge(sandbox.uri(), SandboxIdentities.load(), 5_000);
            assertThat(generated.latestVersion()).isEqualTo(1);
            var viaKiosk = open.rowsPage(generated.id(), RowQuery.all().eq("channel", "kiosk"), null, true);
            assertThat(viaKiosk.total()).isBetween(800L, 1200L);
            assertThat(open.rows(generated.id(), RowQuery.all().pageSize(1000)).stream()
                            .map(row -> row.get("id"))
                            .distinct()
                            .count())
                    .isEqualTo(5_000);
            var csv = open.download(generated.id(), DownloadFormat.CSV, data.resolve("log.csv"), ProgressListener.NONE);
            try (var lines = Files.lines(csv.file())) {
                assertThat(lines.count()).isEqualTo(5_001);
            }
        }
        try (var again = Sandbox.start(options);
                var open = OpenDataClient.builder().endpoint(again.uri()).build()) {
            assertThat(open.search(DatasetQuery.all()).stream().count())
                    .as("publishing twice adds nothing")
                    .isEqualTo(5);
            SandboxOpenData.publishLarge(again.uri(), SandboxIdentities.load(), 5_000);
            assertThat(open.search(DatasetQuery.all()).stream().count()).isEqualTo(5);
            assertThat(open.search(DatasetQuery.all().publisher("tdra")).stream()
                            .findFirst()
                            .orElseThrow()
                            .latestVersion())
                    .as("the live dataset is refreshed at each start, as a new version")
                    .isEqualTo(2);
        }
    }

    @Test
    void theDemoJourneyPaysABasketOfTwoAgenciesFeesEndToEnd(@TempDir Path data) {
        var printed = new java.io.ByteArrayOutputStream();
        try (var sandbox = Sandbox.start(new SandboxOptions("127.0.0.1", 0, data, false, true, null));
                var out = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)) {
            assertThat(new SandboxJourney(sandbox.uri(), out).run()).isTrue();
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("1. ✓ A citizen logged in")
                .contains("found the service")
                .contains("basket of fees from two agencies")
                .contains("720.00 AED")
                .contains("CAPTURED")
                .contains("هيئة الطرق والمواصلات")
                .contains("received payment.captured and verified its signature")
                .contains("published a new version of its kiosks dataset")
                .contains("version 2, 14 rows")
                .contains("queried the Dubai locations")
                .contains("booked a home visit in a place held for the elderly")
                .contains("moved the visit to DONE")
                .contains("it verifies offline")
                .contains("the transaction KPIs, computed from real requests, count it")
                .contains("the row count matches")
                .contains("14 rows, ")
                .contains("All steps succeeded");
    }

    @Test
    void optionsComeFromArgumentsThenEnvironmentThenDefaults() {
        var defaults = SandboxOptions.parse(new String[0], Map.of());
        assertThat(defaults)
                .isEqualTo(new SandboxOptions("127.0.0.1", 8080, Path.of("khidma-data"), false, false, null));

        var fromEnvironment =
                SandboxOptions.parse(new String[0], Map.of("KHIDMA_PORT", "9090", "KHIDMA_DATA", "/srv/k"));
        assertThat(fromEnvironment.port()).isEqualTo(9090);
        assertThat(fromEnvironment.data()).isEqualTo(Path.of("/srv/k"));

        var fromArguments =
                SandboxOptions.parse(new String[] {"--port", "0", "--data", "d"}, Map.of("KHIDMA_PORT", "9090"));
        assertThat(fromArguments.port()).isZero();
        assertThat(fromArguments.data()).isEqualTo(Path.of("d"));

        assertThat(SandboxOptions.parse(new String[0], Map.of("KHIDMA_PUBLIC_URL", "https://api.khidma.example/"))
                        .publicUrl())
                .isEqualTo(URI.create("https://api.khidma.example/"));
        assertThat(SandboxOptions.parse(
                                new String[] {"--public-url", "https://a.example/khidma/"},
                                Map.of("KHIDMA_PUBLIC_URL", "https://b.example/"))
                        .publicUrl())
                .isEqualTo(URI.create("https://a.example/khidma/"));

        assertThat(SandboxOptions.parse(new String[] {"--help"}, Map.of()).help())
                .isTrue();
        assertThat(SandboxOptions.parse(new String[] {"--journey", "--port", "0"}, Map.of())
                        .journeyOnly())
                .isTrue();
    }

    @Test
    void badOptionsAreRefusedClearly() {
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--port", "eighty"}, Map.of()))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("0-65535");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--data"}, Map.of()))
                .hasMessageContaining("--data needs a value");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--verbose"}, Map.of()))
                .hasMessageContaining("unknown option: --verbose");
    }

    private int status(Sandbox sandbox, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(sandbox.uri().resolve(path)).build(), BodyHandlers.discarding())
                .statusCode();
    }
}
