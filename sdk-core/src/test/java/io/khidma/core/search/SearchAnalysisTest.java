package io.khidma.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAnalysisTest {

    private final SearchAnalysis analysis = SearchAnalysis.standard();

    private boolean meets(String typed, String written) {
        var terms = analysis.indexTerms(written);
        return SearchAnalysis.words(typed).stream()
                .map(analysis::terms)
                .filter(forms -> !forms.isEmpty())
                .allMatch(forms -> forms.stream().anyMatch(terms::contains));
    }

    @Test
    void brokenPluralsMeetTheirSingular() {
        assertThat(meets("تصاريح", "إصدار تصريح عمل")).isTrue();
        assertThat(meets("الرخص", "تجديد رخصة القيادة")).isTrue();
        assertThat(meets("عقود العمل", "توثيق عقد العمل")).isTrue();
    }

    @Test
    void stackedPrefixesAreRemoved() {
        assertThat(meets("وللرسوم", "سداد الرسوم الحكومية")).isTrue();
        assertThat(meets("والتأشيرة", "تأشيرة سياحية")).isTrue();
        assertThat(SearchAnalysis.builder().conjunctions(false).build().terms("وللرسوم"))
                .as("the light stemmer alone removes one prefix")
                .doesNotContain("رسم");
        assertThat(analysis.terms("والدين"))
                .as("a word that only begins like و + ال is left to the stemmer")
                .isEqualTo(SearchAnalysis.builder().conjunctions(false).build().terms("والدين"));
    }

    @Test
    void spellingVariantsMeet() {
        assertThat(meets("رخصه القياده", "رخصة القيادة"))
                .as("ta marbuta written as ha")
                .isTrue();
        assertThat(meets("اصدار", "إصدار")).as("alef without hamza").isTrue();
        assertThat(meets("رُخْصَة", "رخصة")).as("tashkeel").isTrue();
        assertThat(meets("driving license", "Driving licence renewal"))
                .as("US spelling")
                .isTrue();
    }

    @Test
    void synonymsAreOnTheSearchedSideOnly() {
        assertThat(meets("traffic penalty", "Pay traffic fines")).isTrue();
        assertThat(meets("رخصة", "تجديد ترخيص المركبة")).isTrue();
        assertThat(meets("فيزا", "تأشيرة سياحية")).as("across scripts").isTrue();
        assertThat(analysis.terms("fine")).as("queries are not expanded").doesNotContain("penalti");
    }

    @Test
    void questionWordsAreDropped() {
        assertThat(meets("how do I renew my emirates id", "Renew an Emirates ID card"))
                .isTrue();
        assertThat(analysis.tsquery("how do i")).isNull();
    }

    @Test
    void theNameChangesWithTheParts() {
        assertThat(analysis.name())
                .startsWith("standard/")
                .isEqualTo(SearchAnalysis.standard().name());
        assertThat(SearchAnalysis.builder().synonyms(false).build().name()).isNotEqualTo(analysis.name());
    }

    @Test
    void spellingCorrectionStaysWithinFuzzinessAuto() {
        assertThat(Spelling.allowedEdits(2)).isZero();
        assertThat(Spelling.allowedEdits(5)).isEqualTo(1);
        assertThat(Spelling.allowedEdits(6)).isEqualTo(2);
        assertThat(Spelling.distance("vehical", "vehicle")).isEqualTo(2);
        assertThat(Spelling.distance("trademrak", "trademark"))
                .as("a swap counts one")
                .isEqualTo(1);

        var vocabulary = Map.of(
                "vehical",
                        List.of(
                                new Spelling.Word("vehicle", "vehicle", 3),
                                new Spelling.Word("vehicles", "vehicles", 9)),
                "fe", List.of(new Spelling.Word("fee", "fee", 5)),
                "ملاد", List.of(new Spelling.Word("ميلاد", "الميلاد", 2)));
        assertThat(Spelling.correct("vehical registration", analysis, vocabulary))
                .contains("vehicle registration");
        assertThat(Spelling.correct("fe", analysis, vocabulary))
                .as("two letters: no edit")
                .isEmpty();
        assertThat(Spelling.correct("شهادة ملاد", analysis, vocabulary)).contains("شهادة الميلاد");
        assertThat(Spelling.lookups("how to renw", analysis)).containsExactly("how", "renw");
    }
}
