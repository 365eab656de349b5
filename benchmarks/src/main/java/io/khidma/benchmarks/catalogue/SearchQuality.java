package io.khidma.benchmarks.catalogue;

import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.search.SearchAnalysis;
import io.khidma.core.search.StandardAnalysis.ArabicStemmer;
import io.khidma.core.server.Database;
import io.khidma.examples.sandbox.SandboxCatalogue;
import io.khidma.examples.sandbox.SandboxRequests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well catalogue search finds what citizens type: the labelled queries of {@code
 * service-queries.tsv} run against the sandbox's national catalogue on a real PostgreSQL, scored by
 * recall@5 (the share of a query's expected services in the first five, out of at most five) and
 * MRR (the mean of 1 / the rank of the first expected service, over the first page of 20).
 *
 * <p>Measured side by side on the same rows: PostgreSQL's own {@code arabic} and {@code english}
 * full-text configurations; Lucene's stock Arabic and English analyzers (the catalogue's analysis
 * before the dictionaries); Khidma's analysis without each of its parts, to show what each is
 * worth; and the whole, with spelling correction.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.khidma.benchmarks.catalogue.SearchQuality
 * </pre>
 */
public final class SearchQuality {

    static final int PAGE = 20;

    /** One labelled query. */
    public record Query(String kind, String text, List<String> expected) {}

    /** What a search answered: the codes of its first page, and whether it corrected the spelling. */
    public record Answer(List<String> codes, boolean corrected) {}

    /** A search under test. */
    public interface Engine {
        Answer search(String query);
    }

    /** The scores of one engine over the set, overall and by kind of query. */
    public record Scores(
            String engine,
            double recallAt5,
            double mrr,
            Map<String, double[]> byKind,
            int corrected,
            List<String> misses) {}

    private SearchQuality() {}

    public static void main(String[] args) throws IOException {
        var folder = Files.createTempDirectory("khidma-search-quality");
        try (var database = Database.embedded(folder).migrate("catalogue")) {
            var queries = queries("service-queries.tsv");
            var results = evaluate(database, queries);
            System.out.println(table(results, queries.size()));
            var best = results.get(results.size() - 1);
            System.out.println("Missed by " + best.engine() + ":");
            best.misses().forEach(m -> System.out.println("  " + m));
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Seeds the sandbox catalogue into a migrated database and scores every engine, the whole of
     * Khidma's search last.
     */
    public static List<Scores> evaluate(Database database, List<Query> queries) {
        var services = seed(database);
        var results = new ArrayList<Scores>();
        results.add(score("PostgreSQL arabic + english", queries, new PostgresFullText(database, services)));
        results.add(score("Lucene stock analyzers", queries, analysisOnly(database, new StockAnalysis())));
        results.add(score(
                "Khidma, Snowball stemmer for the light one",
                queries,
                analysisOnly(
                        database,
                        SearchAnalysis.builder()
                                .stemmers(ArabicStemmer.SNOWBALL)
                                .build())));
        results.add(score(
                "Khidma, both stemmers",
                queries,
                analysisOnly(
                        database,
                        SearchAnalysis.builder()
                                .stemmers(ArabicStemmer.LIGHT, ArabicStemmer.SNOWBALL)
                                .build())));
        results.add(score(
                "Khidma, no conjunction filter",
                queries,
                analysisOnly(
                        database, SearchAnalysis.builder().conjunctions(false).build())));
        results.add(score(
                "Khidma, no word forms",
                queries,
                analysisOnly(database, SearchAnalysis.builder().wordForms(false).build())));
        results.add(score(
                "Khidma, no synonyms",
                queries,
                analysisOnly(database, SearchAnalysis.builder().synonyms(false).build())));
        results.add(score("Khidma, no spelling", queries, analysisOnly(database, SearchAnalysis.standard())));
        results.add(score("Khidma", queries, khidma(new CatalogueFeature(database).service())));
        return results;
    }

    private static List<PublicService> seed(Database database) {
        var catalogue = new CatalogueFeature(database).service();
        var sandbox = SandboxCatalogue.load();
        sandbox.seed(catalogue);
        SandboxRequests.load().seed(catalogue);
        var services = new ArrayList<>(sandbox.services());
        services.addAll(SandboxRequests.load().services());
        return services;
    }

    /** The catalogue's search with another analysis; what spelling correction found counts as not found. */
    private static Engine analysisOnly(Database database, SearchAnalysis analysis) {
        var catalogue = new CatalogueFeature(database, analysis).service();
        return q -> {
            var answer = khidma(catalogue).search(q);
            return answer.corrected() ? new Answer(List.of(), false) : answer;
        };
    }

    private static Engine khidma(CatalogueService catalogue) {
        return q -> {
            var page = catalogue.search(q, null, null, null, null, null, PAGE, null);
            return new Answer(page.items().stream().map(PublicService::code).toList(), page.didYouMean() != null);
        };
    }

    public static Scores score(String engine, List<Query> queries, Engine search) {
        double recall = 0;
        double reciprocal = 0;
        int corrected = 0;
        var byKind = new TreeMap<String, double[]>();
        var misses = new ArrayList<String>();
        for (var query : queries) {
            var answer = search.search(query.text());
            if (answer.corrected()) {
                corrected++;
            }
            var top5 = answer.codes().subList(0, Math.min(5, answer.codes().size()));
            double r = top5.stream().filter(query.expected()::contains).count()
                    / (double) Math.min(5, query.expected().size());
            double rr = 0;
            for (int i = 0; i < answer.codes().size(); i++) {
                if (query.expected().contains(answer.codes().get(i))) {
                    rr = 1.0 / (i + 1);
                    break;
                }
            }
            recall += r;
            reciprocal += rr;
            var kind = byKind.computeIfAbsent(query.kind(), k -> new double[3]);
            kind[0] += r;
            kind[1] += rr;
            kind[2]++;
            if (r < 1 || rr < 1) {
                misses.add("%s [%s] recall@5 %.2f, first at %s: %s"
                        .formatted(
                                query.text(),
                                query.kind(),
                                r,
                                rr == 0 ? "-" : Integer.toString((int) Math.round(1 / rr)),
                                top5));
            }
        }
        return new Scores(engine, recall / queries.size(), reciprocal / queries.size(), byKind, corrected, misses);
    }

    /** The labelled queries of a resource beside this class: kind, query and expected codes, tab-separated. */
    public static List<Query> queries(String resource) {
        var queries = new ArrayList<Query>();
        try (var in = SearchQuality.class.getResourceAsStream(resource);
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                var parts = line.split("\t");
                if (parts.length != 3) {
                    throw new IllegalStateException(resource + ": not kind<TAB>query<TAB>codes: " + line);
                }
                queries.add(new Query(parts[0], parts[1], Arrays.asList(parts[2].split(","))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /** A Markdown table: an engine per row, overall scores then recall@5 by kind of query. */
    public static String table(List<Scores> results, int queries) {
        var kinds = new LinkedHashMap<String, Integer>();
        results.get(0).byKind().forEach((k, v) -> kinds.put(k, (int) v[2]));
        var out = new StringBuilder();
        out.append("| Search (%d queries) | recall@5 | MRR |".formatted(queries));
        kinds.forEach((k, n) -> out.append(" %s (%d) |".formatted(k, n)));
        out.append(" corrected |\n|---|---:|---:|");
        kinds.keySet().forEach(k -> out.append("---:|"));
        out.append("---:|\n");
        for (var s : results) {
            out.append("| %s | %s | %s |".formatted(s.engine(), number(s.recallAt5()), number(s.mrr())));
            kinds.keySet().forEach(k -> {
                var v = s.byKind().get(k);
                out.append(" %s |".formatted(number(v[0] / v[2])));
            });
            out.append(" %d |\n".formatted(s.corrected()));
        }
        return out.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
