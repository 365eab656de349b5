package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.text.Text;
import io.khidma.opendata.AggregationTest.Txn;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data portal's pages over HTTP: what they say, in both languages, under their CSP; the
 * browser test in the reliability module drives them in Chromium.
 */
class PortalTest {

    static OpenDataFixture fixture;
    static OpenDataClient publisher;
    static List<Txn> rows;
    static UUID id;

    @BeforeAll
    static void start() {
        fixture = new OpenDataFixture();
        publisher = fixture.client(fixture.rta);
        rows = AggregationTest.generate(600, 13);
        id = AggregationTest.publish(publisher, rows);
        var hostile = publisher
                .create(OpenDataTest.centres(AggregationTest.schema())
                        .withTitle(Text.of("<script>alert(1)</script> عنوان", "<script>alert(1)</script> title")))
                .value()
                .id();
        publisher.upload(
                hostile,
                new java.io.ByteArrayInputStream(
                        "id,date,at,emirate,channel,fee,minutes\r\n1,2024-01-01,2024-01-01T10:00:00Z,\"<b>x</b>\",kiosk,1,1\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        publisher.publish(hostile);
    }

    @AfterAll
    static void stop() {
        publisher.close();
        fixture.close();
    }

    @Test
    void theSearchPageIsArabicRightToLeftWithFacetsThatNarrow() {
        var page = fixture.get("/portal");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'")
                .doesNotContain("script-src", "unsafe-inline");
        assertThat(page.body())
                .contains("<html lang=\"ar\" dir=\"rtl\">", "بوابة البيانات المفتوحة", "data-facet=\"format\"");
        assertThat(page.body()).doesNotContain("<script");

        var english = fixture.get("/portal?lang=en&format=geojson");
        assertThat(english.body()).contains("<html lang=\"en\" dir=\"ltr\">", "No dataset matches.");
        var xlsx = fixture.get("/portal?lang=en&format=xlsx");
        assertThat(count(xlsx.body(), "class=\"result\"")).isEqualTo(2);
    }

    @Test
    void aDatasetPageShowsRowsAChartOfTheAggregationDownloadsAndTheApiCalls() {
        var page = fixture.get("/portal/datasets/" + id + "?lang=en&group=emirate&measure=sum%28minutes%29");

        assertThat(page.statusCode()).isEqualTo(200);
        var html = page.body();
        assertThat(html).contains("<th scope=\"col\">emirate</th>", "<span class=\"count\" id=\"total\">600</span>");
        var bars = Pattern.compile("<rect class=\"bar\"[^>]*data-label=\"([^\"]*)\" data-value=\"([^\"]*)\"")
                .matcher(html)
                .results()
                .collect(Collectors.toMap(m -> unescape(m.group(1)), m -> Long.parseLong(m.group(2))));
        var expected = new TreeMap<String, Long>();
        rows.forEach(r -> expected.merge(r.emirate(), r.minutes() == null ? 0 : r.minutes(), Long::sum));
        assertThat(bars).isEqualTo(expected);
        for (var format : List.of("csv", "json", "ndjson", "parquet", "xlsx")) {
            assertThat(html)
                    .contains("data-format=\"" + format + "\" href=\"/datasets/" + id + "/export?format=" + format);
        }
        assertThat(html).doesNotContain("data-format=\"geojson\"");
        assertThat(html).contains("GET /datasets/" + id + "/aggregate?group_by=emirate&amp;aggregate=sum%28minutes%29");
    }

    @Test
    void theFormsFilterAndThePagesFollowTheCursor() {
        var filtered = fixture.get("/portal/datasets/" + id + "?lang=en&field=channel&op=eq&value=kiosk&q=");
        var kiosks = rows.stream().filter(r -> r.channel().equals("kiosk")).count();
        assertThat(filtered.body()).contains("<span class=\"count\" id=\"total\">" + kiosks + "</span>");
        assertThat(filtered.body()).contains("name=\"filter\" value=\"channel:eq:kiosk\"");
        var next = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"").matcher(filtered.body());
        assertThat(next.find()).isTrue();
        var second = fixture.get(unescape(next.group(1)));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(count(second.body(), "<tr>")).isGreaterThan(1);
    }

    @Test
    void textFromDataIsEscapedAndUnknownDatasetsAreNotFound() {
        var search = fixture.get("/portal?lang=en&q=title");
        assertThat(search.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; title")
                .doesNotContain("<script>");
        assertThat(fixture.get("/portal/datasets/" + UUID.randomUUID()).statusCode())
                .isEqualTo(404);
        assertThat(fixture.get("/portal/datasets/" + id + "?group=nowhere").statusCode())
                .isEqualTo(400);
        var css = fixture.get("/portal/portal.css");
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    }

    private static long count(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'");
    }
}
