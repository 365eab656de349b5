package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.khidma.core.audit.AuditClient;
import io.khidma.core.audit.AuditHashes;
import io.khidma.core.audit.AuditQuery;
import io.khidma.core.audit.AuditVerifier;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.UnauthorizedException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on two replicas of one database: concurrent privileged writes on both make one
 * chain that verifies, and a change, a removal or a reordering made behind the API's back, in SQL
 * as a superuser would (past the triggers that refuse anyone else), is found by the verifier at its
 * position.
 */
class AuditTrailTest {

    static Platform platform;
    static String pinnedKey;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.start(settings -> settings.openData = false);
        pinnedKey = platform.auditKey.verifierKey("khidma/audit");
        // Privileged writes on both replicas at once: webhook endpoints registered and removed.
        var rta = platform.tokens(Platform.RTA, Platform.RTA_SECRET);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var writes = new ArrayList<Callable<Void>>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                writes.add(() -> {
                    try (var webhooks = WebhooksClient.builder()
                            .endpoint(platform.replica(n % 2).uri())
                            .credentials(rta)
                            .build()) {
                        var endpoint = webhooks.create(NewWebhookEndpoint.of(
                                URI.create("http://127.0.0.1:9/hooks/" + n), WebhookEventType.PAYMENT_CAPTURED));
                        if (n % 3 == 0) {
                            webhooks.delete(endpoint.id());
                        }
                    }
                    return null;
                });
            }
            for (var done : pool.invokeAll(writes)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private AuditClient auditor(String client) {
        return AuditClient.builder()
                .endpoint(platform.replica(1).uri())
                .credentials(platform.tokens(client, client + "-sandbox-secret"))
                .build();
    }

    private AuditVerifier.Report verify() {
        try (var audit = auditor("platform-auditor")) {
            var checkpoints = audit.checkpoints();
            assertThat(checkpoints.verifierKey()).isEqualTo(pinnedKey);
            return AuditVerifier.verify(audit.entries(AuditQuery.all()), checkpoints.items(), pinnedKey);
        }
    }

    /** Waits until a checkpoint covers the whole trail, so tampering with any entry breaks one. */
    private long signedSize() {
        long size = platform.admin.jdbi().withHandle(h -> h.createQuery("SELECT max(seq) FROM audit_entry")
                .mapTo(Long.class)
                .one());
        try (var audit = auditor("platform-auditor")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> audit.checkpoints().items().stream().anyMatch(c -> c.size() == size));
        }
        return size;
    }

    @Test
    void concurrentWritesOnTwoReplicasMakeOneChainThatVerifies() {
        long size = signedSize();
        var report = verify();

        assertThat(report.failure()).isEmpty();
        assertThat(report.entries()).isEqualTo(size);
        assertThat(report.checkpoints()).isPositive();
        try (var audit = auditor("platform-auditor")) {
            var webhookEntries = new ArrayList<AuditEntry>();
            audit.entries(AuditQuery.all().withResource("webhook_endpoint", null))
                    .forEach(webhookEntries::add);
            assertThat(webhookEntries).hasSize(24 + 8);
            assertThat(webhookEntries).allSatisfy(e -> {
                assertThat(e.subject()).isEqualTo(Platform.RTA);
                assertThat(e.clientId()).isEqualTo(Platform.RTA);
                assertThat(e.agencies()).containsExactly("rta");
                assertThat(e.requestId()).isNotBlank();
                assertThat(e.address()).isEqualTo("127.0.0.1");
            });
            assertThat(webhookEntries.stream().filter(e -> e.action().equals("webhook.endpoint.delete")))
                    .hasSize(8)
                    .allSatisfy(e -> assertThat(e.beforeDigest()).hasSize(64));
        }
    }

    @Test
    void anAgencysAuditorSeesOnlyItsAgencysEntriesAndOthersSeeNone() {
        try (var audit = auditor("rta-auditor")) {
            var seen = new ArrayList<AuditEntry>();
            audit.entries(AuditQuery.all()).forEach(seen::add);
            assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.agencies())
                    .contains("rta"));
            assertThatThrownBy(() -> audit.entries(AuditQuery.all().withAgency("mohre"))
                            .iterator()
                            .next())
                    .isInstanceOf(ForbiddenException.class);
        }
        try (var rta = AuditClient.builder()
                .endpoint(platform.replica(0).uri())
                .credentials(platform.tokens(Platform.RTA, Platform.RTA_SECRET))
                .build()) {
            assertThatThrownBy(() -> rta.entries(AuditQuery.all()).iterator().next())
                    .as("an agency's own client is not its auditor")
                    .isInstanceOf(ForbiddenException.class);
        }
        try (var anonymous =
                AuditClient.builder().endpoint(platform.replica(0).uri()).build()) {
            assertThatThrownBy(
                            () -> anonymous.entries(AuditQuery.all()).iterator().next())
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(anonymous.checkpoints().items())
                    .as("checkpoints are public")
                    .isNotEmpty();
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntries() {
        signedSize();
        for (var sql : List.of(
                "UPDATE audit_entry SET subject = 'someone-else' WHERE seq = 3",
                "DELETE FROM audit_entry WHERE seq = 3",
                "TRUNCATE audit_entry",
                "DELETE FROM audit_checkpoint")) {
            assertThatThrownBy(() -> platform.admin.jdbi().useHandle(h -> h.execute(sql)))
                    .as(sql)
                    .hasMessageContaining("append-only");
        }
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void aChangedRemovedOrReorderedEntryIsFoundAtItsPosition() {
        long size = signedSize();
        long k = size / 2;

        var kept = entryRow(k);
        behindTheApi(h -> h.execute("UPDATE audit_entry SET resource_id = 'forged' WHERE seq = ?", k));
        var changed = verify().failure().orElseThrow();
        assertThat(changed.position()).isEqualTo(k);
        assertThat(changed.reason()).contains("changed");
        putBack(kept);
        assertThat(verify().ok()).as("restored").isTrue();

        behindTheApi(h -> h.execute("DELETE FROM audit_entry WHERE seq = ?", k));
        var removed = verify().failure().orElseThrow();
        assertThat(removed.position()).isEqualTo(k);
        assertThat(removed.reason()).contains("missing");
        behindTheApi(h -> reinsert(h, kept));
        assertThat(verify().ok()).isTrue();

        // Two entries swap places: each keeps its seq, takes the other's content and hash.
        var first = entryRow(k);
        var second = entryRow(k + 1);
        behindTheApi(h -> {
            h.execute("DELETE FROM audit_entry WHERE seq IN (?, ?)", k, k + 1);
            reinsert(h, first.withSeq(k + 1));
            reinsert(h, second.withSeq(k));
        });
        var reordered = verify().failure().orElseThrow();
        assertThat(reordered.position()).isEqualTo(k);
        behindTheApi(h -> {
            h.execute("DELETE FROM audit_entry WHERE seq IN (?, ?)", k, k + 1);
            reinsert(h, first);
            reinsert(h, second);
        });
        assertThat(verify().ok()).isTrue();

        // A careful forger recomputes every hash after the change: the chain holds, the signed root does not.
        var original = entryRow(k);
        behindTheApi(h -> {
            h.execute("UPDATE audit_entry SET subject = 'someone-else' WHERE seq = ?", k);
            rehashFrom(h, k);
        });
        var forged = verify().failure().orElseThrow();
        assertThat(forged.position()).isLessThanOrEqualTo(k);
        assertThat(forged.reason()).contains("not what the checkpoint");
        behindTheApi(h -> {
            h.execute("UPDATE audit_entry SET subject = ? WHERE seq = ?", original.subject(), k);
            rehashFrom(h, k);
        });
        assertThat(verify().ok()).isTrue();
    }

    /** One row as stored, to put back. */
    private record Row(long seq, String subject, Map<String, Object> columns) {
        Row withSeq(long newSeq) {
            var copy = new LinkedHashMap<>(columns);
            copy.put("seq", newSeq);
            return new Row(newSeq, subject, copy);
        }
    }

    private Row entryRow(long seq) {
        return platform.admin.jdbi().withHandle(h -> {
            var columns = new LinkedHashMap<>(h.createQuery("SELECT * FROM audit_entry WHERE seq = :seq")
                    .bind("seq", seq)
                    .mapToMap()
                    .one());
            try {
                columns.put("agencies", ((java.sql.Array) columns.get("agencies")).getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return new Row(seq, (String) columns.get("subject"), columns);
        });
    }

    private void putBack(Row row) {
        behindTheApi(h -> {
            h.execute("DELETE FROM audit_entry WHERE seq = ?", row.seq());
            reinsert(h, row);
        });
    }

    private static void reinsert(Handle h, Row row) {
        var columns = row.columns();
        h.createUpdate("INSERT INTO audit_entry (" + String.join(", ", columns.keySet()) + ") VALUES ("
                        + String.join(
                                ", ",
                                columns.keySet().stream().map(c -> ":" + c).toList()) + ")")
                .bindMap(columns)
                .execute();
    }

    /** Recomputes the chain hashes from {@code seq} on, as a forger who knows the algorithm would. */
    private static void rehashFrom(Handle h, long seq) {
        var previous = h.createQuery("SELECT hash FROM audit_entry WHERE seq = :seq")
                .bind("seq", seq - 1)
                .mapTo(byte[].class)
                .one();
        var entries = h.createQuery("SELECT * FROM audit_entry WHERE seq >= :seq ORDER BY seq")
                .bind("seq", seq)
                .map((rs, ctx) -> new AuditEntry(
                        rs.getLong("seq"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("action"),
                        rs.getString("resource_type"),
                        rs.getString("resource_id"),
                        List.of((String[]) rs.getArray("agencies").getArray()),
                        rs.getString("subject"),
                        rs.getString("client_id"),
                        rs.getString("on_behalf_of"),
                        rs.getString("request_id"),
                        rs.getString("address"),
                        rs.getString("before_digest"),
                        rs.getString("after_digest"),
                        null))
                .list();
        for (var entry : entries) {
            var hashed = entry.chainedAfter(previous);
            previous = AuditHashes.unhex(hashed.hash());
            h.execute("UPDATE audit_entry SET hash = ? WHERE seq = ?", previous, entry.seq());
        }
    }

    /** Runs {@code change} as a superuser who switched the append-only triggers off. */
    private void behindTheApi(Consumer<Handle> change) {
        platform.admin.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            change.accept(h);
        });
    }
}
