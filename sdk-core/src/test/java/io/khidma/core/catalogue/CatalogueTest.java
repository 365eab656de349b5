package io.khidma.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.Rating;
import io.khidma.core.catalogue.model.ServiceStatus;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.PreconditionFailedException;
import io.khidma.core.problem.UnauthorizedException;
import io.khidma.core.text.Text;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CatalogueTest {

    static CatalogueFixture fixture;
    static CatalogueClient anonymous;

    @BeforeAll
    static void start() {
        fixture = new CatalogueFixture();
        anonymous = fixture.anonymous();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Runs last: every response the other tests saw must match catalogue.yaml. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void everyResponseSeenMatchesTheContract() {
        anonymous.digitalServiceKpis();
        anonymous.agencies();
        codes(ServiceSearch.text("تجديد"));

        assertThat(fixture.contract.interactions()).hasSizeGreaterThan(3);
        assertThat(fixture.contract.violations(java.nio.file.Path.of("src/main/openapi/catalogue.yaml")))
                .isEmpty();
    }

    private static List<String> codes(ServiceSearch search) {
        return StreamSupport.stream(anonymous.search(search).spliterator(), false)
                .map(PublicService::code)
                .toList();
    }

    @Test
    void arabicSpellingVariantsFindTheService() {
        assertThat(codes(ServiceSearch.text("اصدار تصريح")))
                .as("alef without hamza")
                .containsExactly("MOHRE-WP-ISSUE");
        assertThat(codes(ServiceSearch.text("رخصه")))
                .as("ta marbuta written as ha; ترخيص is a synonym, so the vehicle's follows")
                .containsExactly("RTA-DL-RENEW", "RTA-VEH-RENEW");
        assertThat(codes(ServiceSearch.text("رُخْصَة القِيَادَة")))
                .as("with tashkeel")
                .first()
                .isEqualTo("RTA-DL-RENEW");
        assertThat(codes(ServiceSearch.text("مركبة")))
                .as("without the definite article")
                .contains("RTA-VEH-RENEW");
        assertThat(codes(ServiceSearch.text("تـــجديد"))).as("with tatweel").contains("RTA-VEH-RENEW", "RTA-DL-RENEW");
    }

    @Test
    void englishWordFormsFindTheService() {
        assertThat(codes(ServiceSearch.text("work permits"))).containsExactly("MOHRE-WP-ISSUE");
        assertThat(codes(ServiceSearch.text("licences")))
                .as("the licence by name first, then the vehicle's (ترخيص المركبة) by synonym")
                .containsExactly("RTA-DL-RENEW", "RTA-VEH-RENEW");
        assertThat(codes(ServiceSearch.text("driving license")))
                .as("US spelling")
                .containsExactly("RTA-DL-RENEW");
    }

    @Test
    void everyWordOfTheQueryMustMatch() {
        assertThat(codes(ServiceSearch.text("تجديد رخصة القيادة"))).containsExactly("RTA-DL-RENEW");
        assertThat(codes(ServiceSearch.text("تجديد رخصة")))
                .as("the word itself ranks above its synonym ترخيص")
                .containsExactly("RTA-DL-RENEW", "RTA-VEH-RENEW");
        assertThat(codes(ServiceSearch.text("تجديد"))).contains("RTA-DL-RENEW", "RTA-VEH-RENEW");
        assertThat(codes(ServiceSearch.text("the of and")))
                .as("only stop words")
                .isEmpty();
    }

    @Test
    void aTitleMatchRanksAboveADescriptionMatch() {
        try (var asRta = fixture.client(fixture.rta)) {
            var toll = CatalogueFixture.service(
                    "RTA-AAA-TOLL", "rta", "شحن رصيد سالك", "Salik toll top-up", true, "driving", ChannelType.WEB);
            asRta.create(new PublicService(
                    null,
                    toll.code(),
                    toll.title(),
                    Text.of("لا يحتاج إلى تجديد", "Needs no renewal"),
                    toll.agencyId(),
                    toll.keywords(),
                    toll.events(),
                    null,
                    toll.channels(),
                    toll.costs(),
                    toll.requirements(),
                    toll.evidence(),
                    toll.outputs(),
                    toll.processingTime(),
                    toll.fullyDigital(),
                    null,
                    null,
                    null,
                    null));
        }
        var ranked = codes(ServiceSearch.text("renewal"));
        assertThat(ranked).contains("RTA-AAA-TOLL");
        assertThat(ranked.get(ranked.size() - 1))
                .as("description-only match last")
                .isEqualTo("RTA-AAA-TOLL");
    }

    @Test
    void anotherReplicaOnTheSameDatabaseRanksTheSame() {
        var replica = new io.khidma.core.catalogue.server.CatalogueFeature(fixture.database).service();
        var page = replica.search("تجديد", null, null, null, null, null, 100, null);

        assertThat(page.items().stream().map(PublicService::code).toList())
                .containsExactlyElementsOf(codes(ServiceSearch.text("تجديد")));
    }

    @Test
    void filtersNarrowTheResults() {
        // Other tests add services to the shared catalogue: check membership, not exact lists.
        assertThat(codes(ServiceSearch.all().withAgency("mohre")))
                .contains("MOHRE-CONTRACT", "MOHRE-WP-ISSUE")
                .allMatch(code -> code.startsWith("MOHRE-"));
        assertThat(codes(ServiceSearch.all().withChannel(ChannelType.HOME_DELIVERY)))
                .containsExactly("MOHRE-CONTRACT", "MOHRE-WP-ISSUE");
        assertThat(codes(ServiceSearch.all().withDigital(true)))
                .contains("RTA-DL-RENEW", "RTA-VEH-RENEW")
                .doesNotContain("MOHRE-CONTRACT", "MOHRE-WP-ISSUE");
        assertThat(codes(ServiceSearch.all().withEvent("employment"))).containsExactly("MOHRE-CONTRACT");
        assertThat(codes(ServiceSearch.text("تجديد").withChannel(ChannelType.KIOSK)))
                .containsExactly("RTA-VEH-RENEW");
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        var everything = codes(ServiceSearch.all().withPageSize(100));
        var pages = StreamSupport.stream(
                        anonymous
                                .search(ServiceSearch.all().withPageSize(1))
                                .byPage()
                                .spliterator(),
                        false)
                .toList();

        assertThat(everything).hasSizeGreaterThanOrEqualTo(4).isSorted();
        assertThat(pages).hasSize(everything.size()).allSatisfy(page -> assertThat(page.items())
                .hasSize(1));
        assertThat(pages)
                .flatExtracting(p -> p.items().stream().map(PublicService::code).toList())
                .containsExactlyElementsOf(everything);
        assertThat(pages.get(pages.size() - 1).next()).isNull();
    }

    @Test
    void rankedPagesFollowTheCursorToo() {
        var ranked = codes(ServiceSearch.text("renewal"));
        assertThat(ranked).hasSizeGreaterThan(1);
        assertThat(codes(ServiceSearch.text("renewal").withPageSize(1))).containsExactlyElementsOf(ranked);
    }

    @Test
    void oneAcceptedLanguageGivesTitlesInThatLanguageOnly() {
        try (var arabic = CatalogueClient.builder()
                .endpoint(fixture.identity.server.uri())
                .transport(fixture.identity.transport)
                .language("ar")
                .build()) {
            var service =
                    arabic.search(ServiceSearch.text("رخصة القيادة")).iterator().next();
            assertThat(service.title()).isEqualTo(new Text("تجديد رخصة القيادة", null));
        }
        var both =
                anonymous.search(ServiceSearch.text("رخصة القيادة")).iterator().next();
        assertThat(both.title().en()).isEqualTo("Driving licence renewal");
    }

    @Test
    void writesNeedATokenOfTheOwningAgency() {
        var service = CatalogueFixture.service(
                "RTA-NEW-1", "rta", "خدمة جديدة", "A new service", true, "driving", ChannelType.WEB);
        assertThatThrownBy(() -> anonymous.create(service)).isInstanceOf(UnauthorizedException.class);
        try (var asMohre = fixture.client(fixture.mohre)) {
            assertThatThrownBy(() -> asMohre.create(service)).isInstanceOf(ForbiddenException.class);
            var rtaService = anonymous
                    .search(ServiceSearch.text("Vehicle registration"))
                    .iterator()
                    .next();
            assertThatThrownBy(() -> asMohre.withdraw(rtaService.id())).isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aReplaceThatLostTheRaceIsRefused() {
        try (var asRta = fixture.client(fixture.rta)) {
            var created = asRta.create(CatalogueFixture.service(
                    "RTA-RACE", "rta", "خدمة السباق", "Race service", false, "driving", ChannelType.WEB));
            var first = asRta.read(created.value().id());
            var second = asRta.read(created.value().id());

            var renamed = asRta.replace(first, withTitle(first.value(), "Race service, renamed"));
            assertThat(renamed.value().title().en()).isEqualTo("Race service, renamed");
            assertThat(renamed.etag()).isNotEqualTo(first.etag());

            assertThatThrownBy(() -> asRta.replace(second, withTitle(second.value(), "Lost update")))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(asRta.get(created.value().id()).title().en()).isEqualTo("Race service, renamed");
        }
    }

    @Test
    void aReplaceWithoutIfMatchIs428AndAFreshReadIs304() throws Exception {
        try (var asRta = fixture.client(fixture.rta)) {
            var created = asRta.create(CatalogueFixture.service(
                    "RTA-ETAG", "rta", "خدمة", "ETag service", false, "driving", ChannelType.WEB));
            var uri = fixture.identity
                    .server
                    .uri()
                    .resolve("/services/" + created.value().id());
            var http = HttpClient.newHttpClient();

            var put = http.send(
                    HttpRequest.newBuilder(uri)
                            .header(
                                    "Authorization",
                                    "Bearer " + fixture.rta.token().value())
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    KhidmaJson.mapper().writeValueAsString(created.value())))
                            .build(),
                    BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(428);

            var conditional = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("If-None-Match", created.etag())
                            .build(),
                    BodyHandlers.ofString());
            assertThat(conditional.statusCode()).isEqualTo(304);
        }
    }

    @Test
    void aWithdrawnServiceLeavesSearchButStaysReadable() {
        try (var asMohre = fixture.client(fixture.mohre)) {
            var created = asMohre.create(CatalogueFixture.service(
                    "MOHRE-OLD", "mohre", "خدمة قديمة", "Obsolete paper form", false, "hiring", ChannelType.WEB));
            assertThat(codes(ServiceSearch.text("obsolete"))).containsExactly("MOHRE-OLD");

            asMohre.withdraw(created.value().id());

            assertThat(codes(ServiceSearch.text("obsolete"))).isEmpty();
            assertThat(anonymous.get(created.value().id()).status()).isEqualTo(ServiceStatus.WITHDRAWN);
        }
    }

    @Test
    void aCitizensSecondRatingReplacesTheFirst() {
        var serviceId = anonymous
                .search(ServiceSearch.text("توثيق عقد العمل"))
                .iterator()
                .next()
                .id();
        try (var portal = fixture.identity.oidc(fixture.identity.portal()).build()) {
            var fatima = fixture.identity.login(portal, SandboxIdentity.FATIMA);
            var omar = fixture.identity.login(portal, SandboxIdentity.OMAR);
            try (var asFatima = fixture.client(fatima::accessToken);
                    var asOmar = fixture.client(omar::accessToken)) {
                asFatima.rate(serviceId, new Rating(2, ChannelType.HOME_DELIVERY, "تأخر الموظف"));
                asOmar.rate(serviceId, new Rating(4, ChannelType.HOME_DELIVERY, null));
                var summary = asFatima.rate(serviceId, new Rating(5, ChannelType.HOME_DELIVERY, "خدمة ممتازة"));

                assertThat(summary.count()).isEqualTo(2);
                assertThat(summary.average()).isEqualTo(4.5);
                assertThat(summary.distribution()).containsExactly(0L, 0L, 0L, 1L, 1L);
                assertThat(anonymous.get(serviceId).rating()).isEqualTo(summary);
            }
        }
        try (var asRta = fixture.client(fixture.rta)) {
            assertThatThrownBy(() -> asRta.rate(serviceId, new Rating(1, ChannelType.WEB, null)))
                    .as("agencies do not rate")
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void digitalServiceKpisAddUp() {
        var kpis = anonymous.digitalServiceKpis();
        var rta = kpis.agencies().stream()
                .filter(k -> k.agencyId().equals("rta"))
                .findFirst()
                .orElseThrow();
        var dof = kpis.agencies().stream()
                .filter(k -> k.agencyId().equals("dof"))
                .findFirst()
                .orElseThrow();

        assertThat(rta.activeServices()).isGreaterThanOrEqualTo(2);
        assertThat(rta.fullyDigitalServices()).isEqualTo(2);
        assertThat(dof.activeServices()).isZero();
        assertThat(dof.digitalShare()).isZero();
        assertThat(kpis.total().activeServices())
                .isEqualTo(kpis.agencies().stream()
                        .mapToLong(k -> k.activeServices())
                        .sum());
        assertThat(kpis.total().fullyDigitalServices()).isEqualTo(2);
        assertThat(kpis.total().digitalShare())
                .isCloseTo((double) 2 / kpis.total().activeServices(), org.assertj.core.data.Offset.offset(0.0001));
        assertThat(kpis.total().channels()).contains(ChannelType.HOME_DELIVERY, ChannelType.KIOSK);
    }

    @Test
    void agenciesAreListedBilingually() {
        assertThat(anonymous.agencies()).extracting(a -> a.id()).containsExactly("dof", "mohre", "rta");
        assertThat(anonymous.agency("rta").name().ar()).isEqualTo("هيئة الطرق والمواصلات");
    }

    @Test
    void jsonLdSpeaksCpsvAp() throws Exception {
        var service = anonymous
                .search(ServiceSearch.text("Vehicle registration"))
                .iterator()
                .next();
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fixture.identity.server.uri().resolve("/services/" + service.id()))
                                .header("Accept", "application/ld+json")
                                .build(),
                        BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).contains("application/ld+json");
        JsonNode node = KhidmaJson.mapper().readTree(response.body());
        assertThat(node.at("/@context/cpsv").asText()).isEqualTo("http://purl.org/vocab/cpsv#");
        assertThat(node.get("@type").asText()).isEqualTo("cpsv:PublicService");
        assertThat(node.at("/cv:hasCompetentAuthority/@type").asText()).isEqualTo("cv:PublicOrganisation");
        assertThat(node.at("/cv:hasChannel/0/@type").asText()).isEqualTo("cv:Channel");
        assertThat(node.at("/cv:hasCost/0/cv:value/@value").asText()).isEqualTo("100.00");
        assertThat(node.at("/dct:title/0/@language").asText()).isEqualTo("ar");

        // A JSON-LD 1.1 processor expands it to the CPSV-AP and Core Vocabularies IRIs.
        var document = com.apicatalog.jsonld.document.JsonDocument.of(new java.io.StringReader(response.body()));
        var expanded = com.apicatalog.jsonld.JsonLd.expand(document).get().getJsonObject(0);
        assertThat(expanded.getJsonArray("@type").getString(0)).isEqualTo("http://purl.org/vocab/cpsv#PublicService");
        assertThat(expanded.containsKey("http://data.europa.eu/m8g/hasCompetentAuthority"))
                .isTrue();
        assertThat(expanded.containsKey("http://data.europa.eu/m8g/hasChannel")).isTrue();
        assertThat(expanded.getJsonArray("http://purl.org/dc/terms/title")).hasSize(2);
    }

    private static PublicService withTitle(PublicService service, String english) {
        return new PublicService(
                null,
                service.code(),
                new Text(service.title().ar(), english),
                service.description(),
                service.agencyId(),
                service.keywords(),
                service.events(),
                null,
                service.channels(),
                service.costs(),
                service.requirements(),
                service.evidence(),
                service.outputs(),
                service.processingTime(),
                service.fullyDigital(),
                null,
                null,
                null,
                null);
    }
}
