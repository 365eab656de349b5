package io.khidma.benchmarks.catalogue;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.model.ServicePage;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.catalogue.server.CatalogueService;
import io.khidma.core.paging.Page;
import io.khidma.core.server.Database;
import io.khidma.core.server.KhidmaServer;
import io.khidma.core.text.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Catalogue search at national scale: 10,000 and 100,000 generated bilingual services on an
 * embedded PostgreSQL. {@link #searchWithoutHttp} is the server-side search path ({@link
 * CatalogueService#search}: analysis, SQL, spelling correction when nothing matches, mapping; no
 * HTTP); {@link #postgresFullText} is the reference measured in the same run, PostgreSQL's own
 * {@code arabic}/{@code english} full-text query over the same rows with a GIN index, ranked the
 * same way and returning the same page. Both cycle through the same queries, a third of them
 * misspelled, so Khidma's figure includes the typo fallback (its share is printed at the end).
 * {@link #postgresFullTextCorrected} is the reference doing that same work on PostgreSQL's own terms:
 * when a query matches nothing, each word is corrected by {@code pg_trgm} similarity and the query
 * searched again (see {@link PostgresFullText#correctedPage}). {@link #searchOverHttp} adds the
 * HTTP round trip through {@link CatalogueClient}. Sample mode, so JMH reports percentiles.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CatalogueSearchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class CatalogueSearchBenchmark {

    @Param({"10000", "100000"})
    public int services;

    /**
     * Which of {@link #QUERIES} to cycle through: {@code mixed} (all, the figure of record), or
     * {@code spelled} or {@code misspelled} alone, to see each part of the mix ({@code -p
     * queries=spelled}). On a misspelled query the reference finds nothing, while Khidma corrects
     * it and searches again.
     */
    @Param({"mixed"})
    public String queries;

    static final String[][] ACTIONS = {
        {"تجديد", "Renew"},
        {"إصدار", "Issue"},
        {"إلغاء", "Cancel"},
        {"تعديل", "Amend"},
        {"طلب", "Request"},
        {"نقل", "Transfer"},
        {"تسجيل", "Register"},
        {"استبدال", "Replace"}
    };
    static final String[][] OBJECTS = {
        {"رخصة القيادة", "driving licence"},
        {"تصريح العمل", "work permit"},
        {"ملكية المركبة", "vehicle registration"},
        {"الرخصة التجارية", "trade licence"},
        {"شهادة حسن السيرة", "good conduct certificate"},
        {"عقد الإيجار", "tenancy contract"},
        {"بطاقة الهوية", "identity card"},
        {"شهادة الميلاد", "birth certificate"},
        {"تأشيرة الإقامة", "residence visa"},
        {"لوحة المركبة", "number plate"},
        {"رخصة البناء", "building permit"},
        {"شهادة المنشأ", "certificate of origin"},
        {"براءة الاختراع", "patent"},
        {"العلامة التجارية", "trademark"},
        {"عقد العمل", "employment contract"},
        {"الإعفاء الجمركي", "customs exemption"}
    };
    static final String[][] AUDIENCES = {
        {"للأفراد", "for individuals"},
        {"للشركات", "for companies"},
        {"لكبار السن", "for senior citizens"},
        {"لأصحاب الهمم", "for people of determination"},
        {"للمقيمين", "for residents"}
    };
    /** What citizens type: spelling variants, plurals, and every third query misspelled. */
    static final String[] QUERIES = {
        "تجديد رخصه القياده",
        "اصدار تصريح عمل",
        "vehical registration",
        "شهاده الميلاد",
        "vehicle registration renewal",
        "شهادة الملاد",
        "work permits",
        "trade licences for companies",
        "drivng licence",
        "الاعفاء الجمركي",
        "تسجيل العلامات التجارية",
        "trademrak"
    };

    private Path data;
    private Database database;
    private CatalogueService catalogue;
    private KhidmaServer server;
    private CatalogueClient client;
    private String[] cycle;
    private int next;

    private PostgresFullText reference;
    private final AtomicLong searches = new AtomicLong();
    private final AtomicLong corrected = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cycle = queries(queries);
        data = Files.createTempDirectory("khidma-bench");
        database = Database.embedded(data).migrate("catalogue");
        var feature = new CatalogueFeature(database);
        catalogue = feature.service();
        for (int a = 0; a < 40; a++) {
            catalogue.saveAgency(
                    new Agency("agency-" + a, Text.of("جهة " + a, "Agency " + a), Agency.Level.LOCAL, "Dubai"));
        }
        var random = new Random(42);
        var written = new ArrayList<PublicService>(services);
        for (int i = 0; i < services; i++) {
            var service = generated(i, random);
            catalogue.importService(service);
            written.add(service);
        }
        reference = new PostgresFullText(database, written);
        database.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
        server = KhidmaServer.builder().port(0).register(feature).start();
        client = CatalogueClient.builder().endpoint(server.uri()).build();
    }

    static PublicService generated(int i, Random random) {
        var action = ACTIONS[random.nextInt(ACTIONS.length)];
        var object = OBJECTS[random.nextInt(OBJECTS.length)];
        var audience = AUDIENCES[random.nextInt(AUDIENCES.length)];
        var title = Text.of(
                action[0] + " " + object[0] + " " + audience[0], action[1] + " " + object[1] + " " + audience[1]);
        var channels = List.of(ChannelType.values()).subList(0, 1 + random.nextInt(ChannelType.values().length));
        return new PublicService(
                null,
                "SVC-" + i,
                title,
                Text.of("خدمة " + title.ar(), "The service to " + title.en()),
                "agency-" + random.nextInt(40),
                List.of(object[1]),
                List.of("event-" + random.nextInt(30)),
                null,
                channels.stream().map(Channel::of).toList(),
                List.of(new Cost("FEE", 100L * random.nextInt(1000), "AED", Text.of("رسوم", "Fee"), null)),
                List.of(),
                List.of(),
                List.of(),
                Duration.ofDays(1 + random.nextInt(5)),
                random.nextBoolean(),
                null,
                null,
                null,
                null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        System.out.printf(
                "%nKhidma searches answered by spelling correction: %d of %d (%.1f%%)%n",
                corrected.get(), searches.get(), 100.0 * corrected.get() / Math.max(1, searches.get()));
        client.close();
        server.close();
        database.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** The queries to cycle through; every third of {@link #QUERIES} is the misspelled one. */
    static String[] queries(String which) {
        var chosen = new ArrayList<String>();
        for (int i = 0; i < QUERIES.length; i++) {
            boolean misspelled = i % 3 == 2;
            switch (which) {
                case "mixed" -> chosen.add(QUERIES[i]);
                case "spelled" -> {
                    if (!misspelled) {
                        chosen.add(QUERIES[i]);
                    }
                }
                case "misspelled" -> {
                    if (misspelled) {
                        chosen.add(QUERIES[i]);
                    }
                }
                default -> throw new IllegalArgumentException("queries is mixed, spelled or misspelled: " + which);
            }
        }
        return chosen.toArray(String[]::new);
    }

    private String nextQuery() {
        var q = cycle[next];
        next = (next + 1) % cycle.length;
        return q;
    }

    @Benchmark
    public ServicePage searchWithoutHttp() {
        var page = catalogue.search(nextQuery(), null, null, null, null, null, 20, null);
        searches.incrementAndGet();
        if (page.didYouMean() != null) {
            corrected.incrementAndGet();
        }
        return page;
    }

    @Benchmark
    public List<String> postgresFullText() {
        return reference.page(nextQuery());
    }

    @Benchmark
    public List<String> postgresFullTextCorrected() {
        return reference.correctedPage(nextQuery());
    }

    @Benchmark
    public Page<PublicService> searchOverHttp() {
        return client.search(ServiceSearch.text(nextQuery()))
                .byPage()
                .iterator()
                .next();
    }
}
