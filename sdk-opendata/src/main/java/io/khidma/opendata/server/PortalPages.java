package io.khidma.opendata.server;

import static io.khidma.core.text.Html.escape;

import io.khidma.core.text.Text;
import io.khidma.opendata.model.AggregateResult;
import io.khidma.opendata.model.DataTheme;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.DatasetPage;
import io.khidma.opendata.model.Facet;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.RowPage;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The data portal's HTML, in Arabic (right to left) or English. Everything from data is escaped;
 * there are no scripts, no inline styles and no external assets, so the pages run under a CSP that
 * allows only this server's stylesheet. Forms use GET, so every page is a link that can be shared.
 */
final class PortalPages {

    /** What a dataset page shows, gathered by {@link PortalResource}. */
    record DatasetView(
            Dataset dataset,
            List<String> filters,
            String q,
            RowPage rows,
            String group,
            String measure,
            boolean line,
            List<String> groupChoices,
            List<String> measureChoices,
            AggregateResult chart,
            List<ExportFormat> formats) {}

    private static final Map<String, Text> LABELS = Map.ofEntries(
            Map.entry("portal", Text.of("بوابة البيانات المفتوحة", "Open data portal")),
            Map.entry("skip", Text.of("تخطَّ إلى المحتوى", "Skip to content")),
            Map.entry("other", Text.of("English", "العربية")),
            Map.entry("search", Text.of("ابحث في مجموعات البيانات", "Search datasets")),
            Map.entry("go", Text.of("ابحث", "Search")),
            Map.entry("results", Text.of("النتائج", "Results")),
            Map.entry("none", Text.of("لا توجد مجموعات بيانات مطابقة.", "No dataset matches.")),
            Map.entry("publisher", Text.of("الجهة الناشرة", "Publisher")),
            Map.entry("theme", Text.of("الموضوع", "Theme")),
            Map.entry("format", Text.of("الصيغة", "Format")),
            Map.entry("keyword", Text.of("الكلمات المفتاحية", "Keywords")),
            Map.entry("narrow", Text.of("تضييق النتائج", "Narrow the results")),
            Map.entry("remove", Text.of("إزالة", "Remove")),
            Map.entry("next", Text.of("الصفحة التالية", "Next page")),
            Map.entry("first", Text.of("الصفحة الأولى", "First page")),
            Map.entry("modified", Text.of("آخر تحديث", "Last updated")),
            Map.entry("licence", Text.of("الترخيص", "Licence")),
            Map.entry("contact", Text.of("جهة الاتصال", "Contact")),
            Map.entry("version", Text.of("الإصدار", "Version")),
            Map.entry("rows", Text.of("الصفوف", "Rows")),
            Map.entry("of", Text.of("من", "of")),
            Map.entry("filter", Text.of("تصفية الصفوف", "Filter the rows")),
            Map.entry("field", Text.of("الحقل", "Field")),
            Map.entry("op", Text.of("الشرط", "Condition")),
            Map.entry("value", Text.of("القيمة", "Value")),
            Map.entry("text", Text.of("بحث في النص", "Search the text")),
            Map.entry("apply", Text.of("تطبيق", "Apply")),
            Map.entry("filters", Text.of("التصفية الحالية", "Current filters")),
            Map.entry("clear", Text.of("إزالة كل التصفية", "Clear all filters")),
            Map.entry("chart", Text.of("رسم بياني", "Chart")),
            Map.entry("group", Text.of("التجميع حسب", "Group by")),
            Map.entry("measure", Text.of("المقياس", "Measure")),
            Map.entry("kind", Text.of("نوع الرسم", "Chart type")),
            Map.entry("bar", Text.of("أعمدة", "Bars")),
            Map.entry("line", Text.of("خط", "Line")),
            Map.entry("draw", Text.of("ارسم", "Draw")),
            Map.entry("data", Text.of("أرقام الرسم", "The chart's numbers")),
            Map.entry("downloads", Text.of("التنزيل", "Download")),
            Map.entry("filtered", Text.of("(بالتصفية الحالية)", "(with the current filters)")),
            Map.entry("api", Text.of("استدعاءات الواجهة البرمجية لهذه الصفحة", "The API calls behind this page")),
            Map.entry("back", Text.of("كل مجموعات البيانات", "All datasets")),
            Map.entry("eq", Text.of("يساوي", "equals")),
            Map.entry("lt", Text.of("أقل من", "less than")),
            Map.entry("lte", Text.of("أقل من أو يساوي", "at most")),
            Map.entry("gt", Text.of("أكبر من", "greater than")),
            Map.entry("gte", Text.of("أكبر من أو يساوي", "at least")),
            Map.entry("prefix", Text.of("يبدأ بـ", "starts with")),
            Map.entry("count", Text.of("العدد", "count")));

    static final String STYLESHEET = """
            :root{--ink:#1b1b1f;--muted:#4a4a55;--line:#d5d7de;--accent:#0a4f96;--paper:#fff;--back:#f3f4f7}
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",Tahoma,"Noto Sans Arabic",sans-serif;margin:0;background:var(--back);color:var(--ink);line-height:1.5}
            a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #f2b705;outline-offset:2px}
            .skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:var(--paper);padding:.5rem}
            header{background:var(--accent);color:#fff;padding:.75rem 1.5rem;display:flex;justify-content:space-between;align-items:center}
            header a{color:#fff}header .brand{font-weight:700;font-size:1.2rem;text-decoration:none}
            main{max-width:72rem;margin:1.5rem auto;padding:0 1rem;display:grid;gap:1.25rem}
            .layout{display:grid;grid-template-columns:16rem 1fr;gap:1.25rem}
            @media (max-width:50rem){.layout{grid-template-columns:1fr}}
            section,aside,article{background:var(--paper);border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.25rem}
            h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:0 0 .75rem}h3{font-size:1rem;margin:.75rem 0 .25rem}
            ul.facet{list-style:none;padding:0;margin:0}ul.facet li{display:flex;justify-content:space-between;gap:.5rem}
            .count{color:var(--muted);direction:ltr;unicode-bidi:isolate}
            .chips{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}.chips li{border:1px solid var(--line);border-radius:1rem;padding:.1rem .6rem}
            .result{border:0;border-radius:0;border-bottom:1px solid var(--line);padding:.75rem 0}.result:last-child{border-bottom:0}
            .meta{color:var(--muted);font-size:.9rem}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
            .table{overflow-x:auto}table{border-collapse:collapse;width:100%}caption{text-align:start;font-weight:600;padding:.25rem 0}
            th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:start;vertical-align:top}th{background:#eef0f4}
            td.num{text-align:end;direction:ltr;unicode-bidi:isolate}
            form.inline{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end}form.inline div{display:flex;flex-direction:column}
            label{font-weight:600;font-size:.9rem}input,select{font:inherit;padding:.35rem .5rem;border:1px solid #8a8d99;border-radius:.3rem;background:#fff;color:var(--ink)}
            button{font:inherit;padding:.4rem 1rem;border-radius:.3rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
            .downloads{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}.downloads a{display:inline-block;border:1px solid var(--accent);border-radius:.3rem;padding:.25rem .75rem;text-decoration:none}
            code{direction:ltr;unicode-bidi:isolate;display:block;background:#f6f7f9;border:1px solid var(--line);padding:.4rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
            svg.chart{width:100%;height:auto;max-width:720px;background:#fff}
            svg .bar{fill:#0a4f96}svg .bar:hover{fill:#063766}svg .line{fill:none;stroke:#0a4f96;stroke-width:2}svg .point{fill:#0a4f96}
            svg .grid{stroke:#e3e5ea}svg .axis{stroke:#1b1b1f}svg text{font-size:11px;fill:#1b1b1f}
            nav.pages{display:flex;gap:1rem}
            """;

    private final Function<String, Text> publisherNames;

    PortalPages(Function<String, Text> publisherNames) {
        this.publisherNames = publisherNames;
    }

    // The search page

    /** The search page: the form, the active conditions, the facets and one page of results. */
    String search(String prefix, String language, Map<String, String> conditions, DatasetPage page) {
        var html = new StringBuilder();
        var self = prefix + "portal";
        open(html, prefix, language, label("portal", language), self, conditions);
        html.append("<section aria-labelledby=\"search-title\"><h1 id=\"search-title\">")
                .append(label("search", language))
                .append("</h1><form class=\"inline\" method=\"get\" action=\"")
                .append(escape(self))
                .append("\" role=\"search\">");
        hidden(html, "lang", language);
        for (var entry : conditions.entrySet()) {
            if (!entry.getKey().equals("q")) {
                hidden(html, entry.getKey(), entry.getValue());
            }
        }
        html.append("<div><label for=\"q\">")
                .append(label("search", language))
                .append("</label><input id=\"q\" name=\"q\" type=\"search\" value=\"")
                .append(escape(conditions.get("q")))
                .append("\" maxlength=\"200\"></div><div><button type=\"submit\">")
                .append(label("go", language))
                .append("</button></div></form>");
        var active = new ArrayList<String>();
        for (var entry : conditions.entrySet()) {
            var rest = new LinkedHashMap<>(conditions);
            rest.remove(entry.getKey());
            active.add("<li><span>" + label(entry.getKey().equals("q") ? "search" : entry.getKey(), language) + ": "
                    + escape(facetName(entry.getKey(), entry.getValue(), language)) + "</span> <a href=\""
                    + escape(link(self, language, rest)) + "\" aria-label=\"" + label("remove", language) + " "
                    + escape(facetName(entry.getKey(), entry.getValue(), language)) + "\">×</a></li>");
        }
        if (!active.isEmpty()) {
            html.append("<ul class=\"chips\" aria-label=\"")
                    .append(label("filters", language))
                    .append("\">")
                    .append(String.join("", active))
                    .append("</ul>");
        }
        html.append("</section><div class=\"layout\"><aside aria-labelledby=\"facets-title\"><h2 id=\"facets-title\">")
                .append(label("narrow", language))
                .append("</h2>");
        facet(html, self, language, conditions, "publisher", page.facets().publisher());
        facet(html, self, language, conditions, "theme", page.facets().theme());
        facet(html, self, language, conditions, "format", page.facets().format());
        facet(
                html,
                self,
                language,
                conditions,
                "keyword",
                page.facets().keyword().stream().limit(12).toList());
        html.append("</aside><section aria-labelledby=\"results-title\"><h2 id=\"results-title\">")
                .append(label("results", language))
                .append("</h2>");
        if (page.items().isEmpty()) {
            html.append("<p>").append(label("none", language)).append("</p>");
        }
        for (var dataset : page.items()) {
            html.append("<article class=\"result\" data-dataset=\"")
                    .append(dataset.id())
                    .append("\"><h3><a href=\"")
                    .append(escape(link(prefix + "portal/datasets/" + dataset.id(), language, Map.of())))
                    .append("\">")
                    .append(escape(dataset.title().in(locale(language))))
                    .append("</a></h3><p>")
                    .append(escape(excerpt(dataset.description().in(locale(language)))))
                    .append("</p><p class=\"meta\">")
                    .append(escape(publisherName(dataset.publisher(), language)))
                    .append(" · ")
                    .append(label("modified", language))
                    .append(" <span class=\"count\">")
                    .append(date(dataset))
                    .append("</span></p></article>");
        }
        if (page.next() != null) {
            var more = new LinkedHashMap<>(conditions);
            more.put("cursor", page.next());
            html.append("<nav class=\"pages\"><a rel=\"next\" href=\"")
                    .append(escape(link(self, language, more)))
                    .append("\">")
                    .append(label("next", language))
                    .append("</a></nav>");
        }
        html.append("</section></div>");
        close(html);
        return html.toString();
    }

    private void facet(
            StringBuilder html,
            String self,
            String language,
            Map<String, String> conditions,
            String name,
            List<Facet> values) {
        if (values.isEmpty()) {
            return;
        }
        html.append("<h3 id=\"facet-")
                .append(name)
                .append("\">")
                .append(label(name, language))
                .append("</h3><ul class=\"facet\" aria-labelledby=\"facet-")
                .append(name)
                .append("\">");
        for (var value : values) {
            var narrowed = new LinkedHashMap<>(conditions);
            narrowed.put(name, value.value());
            narrowed.remove("cursor");
            html.append("<li><a data-facet=\"")
                    .append(name)
                    .append("\" data-value=\"")
                    .append(escape(value.value()))
                    .append("\" href=\"")
                    .append(escape(link(self, language, narrowed)))
                    .append("\">")
                    .append(escape(facetName(name, value.value(), language)))
                    .append("</a><span class=\"count\">")
                    .append(value.count())
                    .append("</span></li>");
        }
        html.append("</ul>");
    }

    private String facetName(String facet, String value, String language) {
        return switch (facet) {
            case "publisher" -> publisherName(value, language);
            case "theme" ->
                DataTheme.isTheme(value) ? DataTheme.valueOf(value).label().in(locale(language)) : value;
            case "format" -> value.toUpperCase(Locale.ROOT);
            default -> value;
        };
    }

    // The dataset page

    String dataset(String prefix, String language, DatasetView view) {
        var dataset = view.dataset();
        var schema = dataset.tableSchema();
        var self = prefix + "portal/datasets/" + dataset.id();
        var state = state(view);
        var html = new StringBuilder();
        open(html, prefix, language, dataset.title().in(locale(language)), self, state);
        html.append("<nav><a href=\"")
                .append(escape(link(prefix + "portal", language, Map.of())))
                .append("\">")
                .append(label("back", language))
                .append("</a></nav>");
        html.append("<section aria-labelledby=\"title\"><h1 id=\"title\">")
                .append(escape(dataset.title().in(locale(language))))
                .append("</h1><p>")
                .append(escape(dataset.description().in(locale(language))))
                .append("</p><dl class=\"facts\">");
        fact(html, label("publisher", language), escape(publisherName(dataset.publisher(), language)));
        fact(
                html,
                label("theme", language),
                escape(String.join(
                        language.equals("ar") ? "، " : ", ",
                        dataset.themes().stream()
                                .map(t -> facetName("theme", t, language))
                                .toList())));
        fact(html, label("keyword", language), escape(String.join(", ", dataset.keywords())));
        fact(
                html,
                label("licence", language),
                "<a dir=\"ltr\" href=\"" + escape(dataset.licence().toString()) + "\">"
                        + escape(dataset.licence().toString()) + "</a>");
        fact(
                html,
                label("contact", language),
                "<bdi>" + escape(dataset.contactPoint().name()) + "</bdi> <bdi dir=\"ltr\">&lt;"
                        + escape(dataset.contactPoint().email()) + "&gt;</bdi>");
        fact(html, label("version", language), String.valueOf(dataset.latestVersion()));
        fact(html, label("modified", language), "<span class=\"count\">" + date(dataset) + "</span>");
        html.append("</dl></section>");

        // Filters and the table
        html.append("<section aria-labelledby=\"rows-title\"><h2 id=\"rows-title\">")
                .append(label("rows", language))
                .append("</h2><form class=\"inline\" method=\"get\" action=\"")
                .append(escape(self))
                .append("\" aria-label=\"")
                .append(label("filter", language))
                .append("\">");
        hidden(html, "lang", language);
        for (var filter : view.filters()) {
            hidden(html, "filter", filter);
        }
        chartState(html, view);
        html.append("<div><label for=\"field\">")
                .append(label("field", language))
                .append("</label><select id=\"field\" name=\"field\">");
        for (var field : schema.fields()) {
            html.append("<option>").append(escape(field.name())).append("</option>");
        }
        html.append("</select></div><div><label for=\"op\">")
                .append(label("op", language))
                .append("</label><select id=\"op\" name=\"op\">");
        for (var op : List.of("eq", "lt", "lte", "gt", "gte", "prefix")) {
            html.append("<option value=\"")
                    .append(op)
                    .append("\">")
                    .append(label(op, language))
                    .append("</option>");
        }
        html.append("</select></div><div><label for=\"value\">")
                .append(label("value", language))
                .append("</label><input id=\"value\" name=\"value\" maxlength=\"500\"></div><div><label for=\"q\">")
                .append(label("text", language))
                .append("</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"")
                .append(escape(view.q()))
                .append("\"></div><div><button type=\"submit\">")
                .append(label("apply", language))
                .append("</button></div></form>");
        if (!view.filters().isEmpty()) {
            html.append("<ul class=\"chips\" aria-label=\"")
                    .append(label("filters", language))
                    .append("\">");
            for (var filter : view.filters()) {
                var rest = new ArrayList<>(view.filters());
                rest.remove(filter);
                html.append("<li><span>")
                        .append(escape(filter))
                        .append("</span> <a href=\"")
                        .append(escape(datasetLink(self, language, view, rest, view.q(), null)))
                        .append("\" aria-label=\"")
                        .append(label("remove", language))
                        .append(' ')
                        .append(escape(filter))
                        .append("\">×</a></li>");
            }
            html.append("<li><a href=\"")
                    .append(escape(datasetLink(self, language, view, List.of(), null, null)))
                    .append("\">")
                    .append(label("clear", language))
                    .append("</a></li></ul>");
        }
        var rows = view.rows();
        html.append("<div class=\"table\"><table id=\"rows\"><caption>")
                .append(label("rows", language))
                .append(": <span class=\"count\">")
                .append(rows.items().size())
                .append("</span> ")
                .append(label("of", language))
                .append(" <span class=\"count\" id=\"total\">")
                .append(rows.total() == null ? "" : String.valueOf(rows.total()))
                .append("</span></caption><thead><tr>");
        for (var field : schema.fields()) {
            html.append("<th scope=\"col\">").append(escape(heading(field))).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (var row : rows.items()) {
            html.append("<tr>");
            for (var field : schema.fields()) {
                var value = row.get(field.name());
                html.append(numeric(field.type()) ? "<td class=\"num\">" : "<td>")
                        .append(escape(value == null ? "" : Cells.canonical(value)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></div>");
        if (rows.next() != null) {
            html.append("<nav class=\"pages\"><a href=\"")
                    .append(escape(datasetLink(self, language, view, view.filters(), view.q(), null)))
                    .append("\">")
                    .append(label("first", language))
                    .append("</a><a rel=\"next\" href=\"")
                    .append(escape(datasetLink(self, language, view, view.filters(), view.q(), rows.next())))
                    .append("\">")
                    .append(label("next", language))
                    .append("</a></nav>");
        }
        html.append("</section>");

        // The chart
        html.append("<section aria-labelledby=\"chart-heading\"><h2 id=\"chart-heading\">")
                .append(label("chart", language))
                .append("</h2><form class=\"inline\" method=\"get\" action=\"")
                .append(escape(self))
                .append("\">");
        hidden(html, "lang", language);
        for (var filter : view.filters()) {
            hidden(html, "filter", filter);
        }
        if (view.q() != null) {
            hidden(html, "q", view.q());
        }
        select(html, "group", label("group", language), view.groupChoices(), view.group(), language);
        select(html, "measure", label("measure", language), view.measureChoices(), view.measure(), language);
        html.append("<div><label for=\"chart\">")
                .append(label("kind", language))
                .append("</label><select id=\"chart\" name=\"chart\"><option value=\"bar\"")
                .append(view.line() ? "" : " selected")
                .append('>')
                .append(label("bar", language))
                .append("</option><option value=\"line\"")
                .append(view.line() ? " selected" : "")
                .append('>')
                .append(label("line", language))
                .append("</option></select></div><div><button type=\"submit\">")
                .append(label("draw", language))
                .append("</button></div></form>");
        var chart = view.chart();
        var points = new ArrayList<PortalChart.Point>();
        for (var group : chart.groups()) {
            var key = group.get(view.group());
            var value = group.get(view.measure());
            points.add(new PortalChart.Point(
                    key == null ? "—" : Cells.canonical(key), value == null ? null : new BigDecimal(value.toString())));
        }
        var title = choiceName(view.measure(), language) + " / " + choiceName(view.group(), language);
        html.append(PortalChart.svg(
                points,
                view.line(),
                title,
                dataset.title().in(locale(language)) + ": " + title + " (" + points.size() + ")"));
        html.append("<details><summary>")
                .append(label("data", language))
                .append("</summary><table id=\"chart-data\"><thead><tr><th scope=\"col\">")
                .append(escape(choiceName(view.group(), language)))
                .append("</th><th scope=\"col\">")
                .append(escape(choiceName(view.measure(), language)))
                .append("</th></tr></thead><tbody>");
        for (var point : points) {
            html.append("<tr><td>")
                    .append(escape(point.label()))
                    .append("</td><td class=\"num\">")
                    .append(point.value() == null ? "" : escape(point.value().toPlainString()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table></details></section>");

        // Downloads and the API calls
        html.append("<section aria-labelledby=\"downloads-title\"><h2 id=\"downloads-title\">")
                .append(label("downloads", language))
                .append(view.filters().isEmpty() && view.q() == null ? "" : " " + label("filtered", language))
                .append("</h2><ul class=\"downloads\">");
        var api = prefix + "datasets/" + dataset.id();
        for (var format : view.formats()) {
            var parameters = new ArrayList<Map.Entry<String, String>>();
            parameters.add(Map.entry("format", format.extension()));
            rowParameters(parameters, view);
            if (format == ExportFormat.XLSX) {
                parameters.add(Map.entry("lang", language));
            }
            html.append("<li><a download data-format=\"")
                    .append(format.extension())
                    .append("\" href=\"")
                    .append(escape(api + "/export" + query(parameters)))
                    .append("\">")
                    .append(format.extension().toUpperCase(Locale.ROOT))
                    .append("</a></li>");
        }
        html.append("</ul></section><section aria-labelledby=\"api-title\"><h2 id=\"api-title\">")
                .append(label("api", language))
                .append("</h2>");
        var rowCall = new ArrayList<Map.Entry<String, String>>();
        rowParameters(rowCall, view);
        rowCall.add(Map.entry("limit", String.valueOf(PortalResource.ROWS)));
        rowCall.add(Map.entry("include_total", "true"));
        var aggregateCall = new ArrayList<Map.Entry<String, String>>();
        aggregateCall.add(Map.entry("group_by", view.group()));
        aggregateCall.add(Map.entry("aggregate", view.measure()));
        rowParameters(aggregateCall, view);
        aggregateCall.add(Map.entry("limit", String.valueOf(PortalResource.CHART_GROUPS)));
        for (var call : List.of(api + "/rows" + query(rowCall), api + "/aggregate" + query(aggregateCall))) {
            html.append("<p><a class=\"api\" href=\"")
                    .append(escape(call))
                    .append("\"><code>GET ")
                    .append(escape(call))
                    .append("</code></a></p>");
        }
        html.append("</section>");
        close(html);
        return html.toString();
    }

    /** The chart's choices as query parameters: every link and form of the page keeps them. */
    private static List<Map.Entry<String, String>> chartParameters(DatasetView view) {
        var parameters = new ArrayList<Map.Entry<String, String>>();
        parameters.add(Map.entry("group", view.group()));
        parameters.add(Map.entry("measure", view.measure()));
        if (view.line()) {
            parameters.add(Map.entry("chart", "line"));
        }
        return parameters;
    }

    /** The page's query as a map, for the language link. */
    private static Map<String, String> state(DatasetView view) {
        var state = new LinkedHashMap<String, String>();
        if (view.q() != null) {
            state.put("q", view.q());
        }
        chartParameters(view).forEach(p -> state.put(p.getKey(), p.getValue()));
        return state;
    }

    private static void chartState(StringBuilder html, DatasetView view) {
        chartParameters(view).forEach(p -> hidden(html, p.getKey(), p.getValue()));
    }

    private static void rowParameters(List<Map.Entry<String, String>> parameters, DatasetView view) {
        for (var filter : view.filters()) {
            parameters.add(Map.entry("filter", filter));
        }
        if (view.q() != null) {
            parameters.add(Map.entry("q", view.q()));
        }
    }

    private static String datasetLink(
            String self, String language, DatasetView view, List<String> filters, String q, String cursor) {
        var parameters = new ArrayList<Map.Entry<String, String>>();
        parameters.add(Map.entry("lang", language));
        for (var filter : filters) {
            parameters.add(Map.entry("filter", filter));
        }
        if (q != null) {
            parameters.add(Map.entry("q", q));
        }
        parameters.addAll(chartParameters(view));
        if (cursor != null) {
            parameters.add(Map.entry("cursor", cursor));
        }
        return self + query(parameters);
    }

    private static void select(
            StringBuilder html, String name, String text, List<String> choices, String chosen, String language) {
        html.append("<div><label for=\"")
                .append(name)
                .append("\">")
                .append(text)
                .append("</label><select id=\"")
                .append(name)
                .append("\" name=\"")
                .append(name)
                .append("\">");
        for (var choice : choices) {
            html.append("<option value=\"")
                    .append(escape(choice))
                    .append('"')
                    .append(choice.equals(chosen) ? " selected" : "")
                    .append('>')
                    .append(escape(choiceName(choice, language)))
                    .append("</option>");
        }
        html.append("</select></div>");
    }

    /** {@code count} in the page's language; other outputs as the API names them. */
    private static String choiceName(String choice, String language) {
        return choice.equals("count") ? label("count", language) : choice;
    }

    private static String heading(Field field) {
        return field.title() == null || field.title().isBlank() ? field.name() : field.title();
    }

    private static boolean numeric(FieldType type) {
        return type == FieldType.INTEGER || type == FieldType.NUMBER || type == FieldType.YEAR;
    }

    private static void fact(StringBuilder html, String term, String definition) {
        html.append("<dt>").append(term).append("</dt><dd>").append(definition).append("</dd>");
    }

    // The frame of every page

    private static void open(
            StringBuilder html,
            String prefix,
            String language,
            String title,
            String self,
            Map<String, String> conditions) {
        var other = language.equals("ar") ? "en" : "ar";
        html.append("<!doctype html><html lang=\"")
                .append(language)
                .append("\" dir=\"")
                .append(language.equals("ar") ? "rtl" : "ltr")
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, ")
                .append("initial-scale=1\"><title>")
                .append(escape(title))
                .append(" — ")
                .append(label("portal", language))
                .append("</title><link rel=\"stylesheet\" href=\"")
                .append(escape(prefix + "portal/portal.css"))
                .append("\"></head><body><a class=\"skip\" href=\"#main\">")
                .append(label("skip", language))
                .append("</a><header><a class=\"brand\" href=\"")
                .append(escape(link(prefix + "portal", language, Map.of())))
                .append("\">")
                .append(label("portal", language))
                .append("</a><a id=\"language\" hreflang=\"")
                .append(other)
                .append("\" lang=\"")
                .append(other)
                .append("\" href=\"")
                .append(escape(link(self, other, conditions)))
                .append("\">")
                .append(label("other", language))
                .append("</a></header><main id=\"main\">");
    }

    private static void close(StringBuilder html) {
        html.append("</main></body></html>");
    }

    private static void hidden(StringBuilder html, String name, String value) {
        if (value == null) {
            return;
        }
        html.append("<input type=\"hidden\" name=\"")
                .append(escape(name))
                .append("\" value=\"")
                .append(escape(value))
                .append("\">");
    }

    private static String link(String path, String language, Map<String, String> parameters) {
        var all = new ArrayList<Map.Entry<String, String>>();
        all.add(Map.entry("lang", language));
        parameters.forEach((name, value) -> {
            if (value != null) {
                all.add(Map.entry(name, value));
            }
        });
        return path + query(all);
    }

    private static String query(List<Map.Entry<String, String>> parameters) {
        var query = new StringBuilder();
        for (var parameter : parameters) {
            query.append(query.isEmpty() ? '?' : '&')
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private String publisherName(String agency, String language) {
        var name = publisherNames.apply(agency);
        return name == null ? agency : name.in(locale(language));
    }

    private static String date(Dataset dataset) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(dataset.modified().atOffset(ZoneOffset.UTC));
    }

    private static String excerpt(String text) {
        return text == null || text.length() <= 240 ? text : text.substring(0, 239) + "…";
    }

    private static String label(String key, String language) {
        var text = LABELS.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no label " + key);
        }
        return escape(text.in(locale(language)));
    }

    private static Locale locale(String language) {
        return Locale.forLanguageTag(language);
    }
}
