package io.khidma.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.text.Text;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spelling correction and "did you mean" over HTTP, against the vocabulary in PostgreSQL. */
class CatalogueSpellingTest {

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

    @Test
    void aMisspelledQueryFindsWhatItsCorrectionFinds() {
        var page = anonymous.firstPage(ServiceSearch.text("vehical registraton"));
        assertThat(page.didYouMean()).isEqualTo("vehicle registration");
        assertThat(page.items()).extracting(PublicService::code).first().isEqualTo("RTA-VEH-RENEW");

        var arabic = anonymous.firstPage(ServiceSearch.text("اصدار تصريج"));
        assertThat(arabic.didYouMean()).as("in the query's language").isEqualTo("اصدار تصريح");
        assertThat(arabic.items()).extracting(PublicService::code).containsExactly("MOHRE-WP-ISSUE");
    }

    @Test
    void aQueryThatMatchesAsTypedIsNotCorrected() {
        var page = anonymous.firstPage(ServiceSearch.text("vehicle registration"));
        assertThat(page.didYouMean()).isNull();
        assertThat(page.items()).isNotEmpty();
    }

    @Test
    void shortWordsAndFarWordsAreNotMatchedToOthers() {
        var twoLetters = anonymous.firstPage(ServiceSearch.text("fe"));
        assertThat(twoLetters.didYouMean()).isNull();
        assertThat(twoLetters.items()).isEmpty();
        var tooFar = anonymous.firstPage(ServiceSearch.text("vhcle"));
        assertThat(tooFar.didYouMean())
                .as("two edits from vehicle, one allowed for five letters")
                .isNull();
        assertThat(tooFar.items()).isEmpty();
    }

    @Test
    void theNextPagesOfACorrectedQueryStayCorrected() {
        var expected = anonymous.firstPage(ServiceSearch.text("renewal").withPageSize(100)).items().stream()
                .map(PublicService::code)
                .toList();
        assertThat(expected).hasSizeGreaterThan(1);
        var codes = new ArrayList<String>();
        anonymous.search(ServiceSearch.text("renewl").withPageSize(1)).forEach(s -> codes.add(s.code()));
        assertThat(codes).containsExactlyElementsOf(expected);
    }

    @Test
    void theVocabularyFollowsChanges() {
        try (var asRta = fixture.client(fixture.rta)) {
            var created = asRta.create(CatalogueFixture.service(
                    "RTA-ABRA", "rta", "عبرة دبي", "Dubai abra crossing", true, "getting-around"));
            assertThat(anonymous.firstPage(ServiceSearch.text("crosing")).didYouMean())
                    .isEqualTo("crossing");
            var current = asRta.read(created.value().id());
            var renamed = new PublicService(
                    null,
                    current.value().code(),
                    Text.of("عبرة دبي", "Dubai abra ferry"),
                    Text.of("عبرة", "A ferry"),
                    "rta",
                    null,
                    current.value().events(),
                    null,
                    current.value().channels(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    true,
                    null,
                    null,
                    null,
                    null);
            asRta.replace(current, renamed);
            assertThat(anonymous.firstPage(ServiceSearch.text("crosing")).didYouMean())
                    .as("no service uses the word any more")
                    .isNull();
            assertThat(anonymous.firstPage(ServiceSearch.text("fery")).didYouMean())
                    .isEqualTo("ferry");
        }
    }

    private static List<String> analyses() {
        return fixture.database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT DISTINCT analysed_with FROM catalogue_service_document")
                .mapTo(String.class)
                .list());
    }

    @Test
    void servicesAreAnalysedAgainWhenTheAnalysisChanges() {
        assertThat(analyses()).containsExactly(SearchAnalysis.standard().name());
        var without = SearchAnalysis.builder().synonyms(false).build();
        new CatalogueFeature(fixture.database, without);
        assertThat(analyses()).containsExactly(without.name());
        new CatalogueFeature(fixture.database);
        assertThat(anonymous.firstPage(ServiceSearch.text("licences")).items())
                .as("synonyms are back once the standard analysis runs again: ترخيص المركبة is a licence")
                .extracting(PublicService::code)
                .contains("RTA-DL-RENEW", "RTA-VEH-RENEW");
    }
}
