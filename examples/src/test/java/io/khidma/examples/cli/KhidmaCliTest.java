package io.khidma.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookSigner;
import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.Examples;
import io.khidma.examples.sandbox.Sandbox;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.NewServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The khidma command line against a started sandbox, as a shell user runs it. */
class KhidmaCliTest {

    @TempDir
    static Path data;

    static Sandbox sandbox;
    static UUID kiosks;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(data);
        try (var openData = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            kiosks = openData.search(DatasetQuery.text("kiosks").publisher("rta")).stream()
                    .findFirst()
                    .orElseThrow()
                    .id();
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {}

    private Run khidma(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var commandLine = Khidma.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        var withUrl = new String[args.length + 2];
        withUrl[0] = "--url";
        withUrl[1] = sandbox.uri().toString();
        System.arraycopy(args, 0, withUrl, 2, args.length);
        int status = commandLine.execute(withUrl);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void searchesInArabicAndPrintsATableOrCsv() {
        var table = khidma("datasets", "search", "أجهزة الخدمة الذاتية");
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains(kiosks.toString(), "Self-service kiosks", "rta");

        var csv = khidma("datasets", "search", "--publisher", "rta", "--output", "csv");
        assertThat(csv.status()).isZero();
        assertThat(csv.out().lines().findFirst()).contains("id,title,العنوان,publisher,version,modified");
        assertThat(csv.out()).contains(kiosks.toString());
    }

    @Test
    void showsADatasetWithItsVersionsAndColumns() {
        var run = khidma("datasets", "show", kiosks.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Self-service kiosks", "publisher  rta", "version", "emirate", "location_ar");
    }

    @Test
    void queriesRowsWithConditionsSortedAsCsv() {
        var run = khidma(
                "datasets",
                "rows",
                kiosks.toString(),
                "--where",
                "emirate=Dubai",
                "--where",
                "kiosks>=2",
                "--sort",
                "-kiosks",
                "--fields",
                "emirate,kiosks",
                "--output",
                "csv");

        assertThat(run.status()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("emirate,kiosks");
        assertThat(lines).hasSizeGreaterThan(1);
        var counts = lines.subList(1, lines.size()).stream()
                .map(line -> line.split(","))
                .peek(cells -> assertThat(cells[0]).isEqualTo("Dubai"))
                .map(cells -> Integer.parseInt(cells[1]))
                .toList();
        assertThat(counts).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2));
        assertThat(counts).isSortedAccordingTo((a, b) -> b - a);
    }

    @Test
    void aggregatesOnTheServerWithHavingAndOrder() {
        var run = khidma(
                "datasets",
                "aggregate",
                kiosks.toString(),
                "--group-by",
                "emirate",
                "--aggregate",
                "count,sum(kiosks)",
                "--having",
                "count>=1",
                "--order",
                "-sum(kiosks),emirate",
                "--output",
                "csv");

        assertThat(run.status()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("emirate,count,sum(kiosks)");
        var rows = khidma(
                        "datasets",
                        "rows",
                        kiosks.toString(),
                        "--fields",
                        "emirate,kiosks",
                        "--limit",
                        "1000",
                        "--output",
                        "csv")
                .out()
                .lines()
                .skip(1)
                .map(line -> line.split(","))
                .toList();
        var expected = new java.util.TreeMap<String, Integer>();
        rows.forEach(cells -> expected.merge(cells[0], Integer.parseInt(cells[1]), Integer::sum));
        assertThat(lines).hasSize(expected.size() + 1);
        var sums = lines.subList(1, lines.size()).stream()
                .map(line -> line.split(","))
                .peek(cells -> assertThat(Integer.parseInt(cells[2])).isEqualTo(expected.get(cells[0])))
                .map(cells -> Integer.parseInt(cells[2]))
                .toList();
        assertThat(sums).isSortedAccordingTo((a, b) -> b - a);

        var bad = khidma("datasets", "aggregate", kiosks.toString(), "--aggregate", "sum(emirate)");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains("sum() does not take string fields");
    }

    @Test
    void downloadsWithAProgressBarOfBytesRowsAndRate() throws Exception {
        var file = dir.resolve("kiosks.ndjson");

        var run = khidma("datasets", "download", kiosks.toString(), "--format", "ndjson", "--out", file.toString());

        assertThat(run.status()).as(run.err()).isZero();
        long rows = Files.readAllLines(file).size();
        assertThat(run.err()).contains("rows", "B/s").contains(String.format("%,d rows", rows));
        assertThat(run.out()).contains(file.toString(), String.format("%,d rows", rows));
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void resumesAnInterruptedDownload() throws Exception {
        var whole = dir.resolve("whole.csv");
        String etag;
        try (var openData = OpenDataClient.builder().endpoint(sandbox.uri()).build()) {
            etag = openData.download(kiosks, DownloadFormat.CSV, whole, ProgressListener.NONE)
                    .etag();
        }
        var bytes = Files.readAllBytes(whole);
        var file = dir.resolve("kiosks.csv");
        Files.write(dir.resolve("kiosks.csv.part"), Arrays.copyOf(bytes, 100));
        Files.writeString(dir.resolve("kiosks.csv.part.etag"), etag);

        var run = khidma("datasets", "download", kiosks.toString(), "--out", file.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("resumed after 100 B");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void saysWhatIsWrongWithTheExitCodesAShellExpects() {
        var missing = khidma("datasets", "show", UUID.randomUUID().toString());
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.err()).startsWith("khidma: not found");

        var notAnId = khidma("datasets", "show", "kiosks");
        assertThat(notAnId.status()).isEqualTo(2);
        assertThat(notAnId.err()).contains("ID");

        var badCondition = khidma("datasets", "rows", kiosks.toString(), "--where", "emirate~Dubai");
        assertThat(badCondition.status()).isEqualTo(2);
        assertThat(badCondition.err()).contains("cannot read the condition");

        var unknownColumn = khidma("datasets", "rows", kiosks.toString(), "--where", "salary>=1");
        assertThat(unknownColumn.status()).isEqualTo(1);
        assertThat(unknownColumn.err()).startsWith("khidma: ").contains("salary");
    }

    @Test
    void helpIsEverywhere() {
        var top = khidma("--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).contains("datasets", "webhooks", "Exit status");

        var download = khidma("datasets", "download", "--help");
        assertThat(download.status()).isZero();
        assertThat(download.out()).contains("--format", "--out", "resumes");

        var verify = khidma("webhooks", "verify", "--help");
        assertThat(verify.out()).contains("--secret-file", "--max-age");
    }

    @Test
    void verifiesASavedWebhookDeliveryAndRefusesATamperedOne() throws Exception {
        var secret = WebhookSecret.generate();
        var secretFile = Files.writeString(dir.resolve("secret"), secret.encoded());
        var body = "{\"type\":\"payment.captured\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        var headers = new WebhookSigner(List.of(secret)).headers("msg_1", Instant.now(), body);
        var saved = dir.resolve("delivery.http");
        Files.write(saved, request(headers, body));

        var verified = khidma("webhooks", "verify", "--secret-file", secretFile.toString(), saved.toString());
        assertThat(verified.status()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("verified: msg_1, payment.captured");

        var tampered = body.clone();
        tampered[10] = 'X';
        Files.write(saved, request(headers, tampered));
        var refused = khidma("webhooks", "verify", "--secret-file", secretFile.toString(), saved.toString());
        assertThat(refused.status()).isEqualTo(4);
        assertThat(refused.err()).startsWith("not verified");
    }

    private static byte[] request(java.util.Map<String, String> headers, byte[] body) throws Exception {
        var out = new ByteArrayOutputStream();
        out.write("POST /webhooks/khidma HTTP/1.1\r\nHost: 127.0.0.1:3001\r\nContent-Type: application/json\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (var header : headers.entrySet()) {
            out.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        return out.toByteArray();
    }

    @Test
    void anOfficerListsTheInboxAndReadsARequestWithItsTimeline() {
        String number;
        try (var tokens = Examples.agencyTokens(sandbox.uri(), "tasheel-centre");
                var centre = RequestsClient.builder()
                        .endpoint(sandbox.uri())
                        .credentials(tokens)
                        .build();
                var catalogue =
                        CatalogueClient.builder().endpoint(sandbox.uri()).build()) {
            var contract = catalogue.search(ServiceSearch.all().withAgency("mohre")).stream()
                    .filter(service -> service.code().equals("MOHRE-LABOUR-CONTRACT"))
                    .findFirst()
                    .orElseThrow();
            var data = KhidmaJson.mapper()
                    .createObjectNode()
                    .put("worker_name", "Priya Menon")
                    .put("job_title", "Accountant")
                    .put("salary", 9000)
                    .put("permit_number", "WP-CLI-1");
            number = centre.submit(NewServiceRequest.of(contract.id(), data).forCitizen("resident-priya"))
                    .number();
        }
        System.setProperty("KHIDMA_CLIENT_SECRET", "mohre-back-office-sandbox-secret");
        try {
            var inbox = khidma("requests", "--client-id", "mohre-back-office", "inbox", "--sla", "on_track");
            assertThat(inbox.status()).as(inbox.err()).isZero();
            assertThat(inbox.out()).contains(number, "MOHRE-LABOUR-CONTRACT", "SUBMITTED", "on_track");

            var show = khidma("requests", "--client-id", "mohre-back-office", "show", number);
            assertThat(show.status()).as(show.err()).isZero();
            assertThat(show.out()).contains(number, "توثيق عقد العمل", "resident-priya", "submitted", "tasheel-centre");

            var missing = khidma("requests", "--client-id", "mohre-back-office", "show", "MOHRE-2026-999999");
            assertThat(missing.status()).isEqualTo(3);
        } finally {
            System.clearProperty("KHIDMA_CLIENT_SECRET");
        }
        var noSecret = khidma("requests", "--client-id", "mohre-back-office", "inbox");
        assertThat(noSecret.status()).isEqualTo(2);
        assertThat(noSecret.err()).contains("KHIDMA_CLIENT_SECRET");
    }

    @Test
    void verifiesTheAuditTrailAgainstAPinnedKeyAndExportsItAsCsv() throws Exception {
        var pinned = new java.util.concurrent.atomic.AtomicReference<String>();
        try (var audit = io.khidma.core.audit.AuditClient.builder()
                .endpoint(sandbox.uri())
                .build()) {
            // The sandbox signs every minute; its first checkpoint comes with the first entries.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> !audit.checkpoints().items().isEmpty());
            pinned.set(audit.checkpoints().verifierKey());
        }
        System.setProperty("KHIDMA_CLIENT_SECRET", "platform-auditor-sandbox-secret");
        try {
            var verified = khidma("audit", "--client-id", "platform-auditor", "verify", "--key", pinned.get());
            assertThat(verified.status()).as(verified.err()).isZero();
            assertThat(verified.out()).startsWith("verified: ").contains(" checkpoint");

            var otherKey = io.khidma.core.audit.server.AuditSigningKey.generate()
                    .verifierKey(pinned.get().substring(0, pinned.get().indexOf('+')));
            var refused = khidma("audit", "--client-id", "platform-auditor", "verify", "--key", otherKey);
            assertThat(refused.status()).isEqualTo(4);
            assertThat(refused.err()).contains("not verified", "not signed by the pinned key");

            var csv = dir.resolve("audit.csv");
            var exported = khidma("audit", "--client-id", "platform-auditor", "export", "--output", csv.toString());
            assertThat(exported.status()).as(exported.err()).isZero();
            assertThat(java.nio.file.Files.readAllLines(csv))
                    .first()
                    .asString()
                    .startsWith("seq,at,action,resource_type,resource_id,agencies,");
            assertThat(java.nio.file.Files.readAllLines(csv)).anyMatch(line -> line.contains(",dataset.publish,"));
        } finally {
            System.clearProperty("KHIDMA_CLIENT_SECRET");
        }
    }
}
