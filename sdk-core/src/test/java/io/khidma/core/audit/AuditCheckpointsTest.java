package io.khidma.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.audit.server.AuditEvent;
import io.khidma.core.audit.server.AuditFeature;
import io.khidma.core.audit.server.AuditOptions;
import io.khidma.core.audit.server.AuditSigningKey;
import io.khidma.core.audit.server.AuditTrail;
import io.khidma.core.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCheckpointsTest {

    @Test
    void entriesAppendedOutsideRequestsAreTheSystemsAndACheckpointCoversThem() {
        try (var database = TestDatabases.fresh()) {
            var key = AuditSigningKey.generate();
            var feature = new AuditFeature(
                    database, AuditOptions.defaults().withSigningKey(key).withCheckpointInterval(Duration.ofHours(1)));
            var trail = AuditTrail.on(database);
            var first =
                    database.jdbi().inTransaction(h -> trail.record(h, AuditEvent.of("test.one", "thing", "1", "rta")));
            var second = database.jdbi()
                    .inTransaction(h -> trail.record(
                            h,
                            AuditEvent.of("test.two", "thing", "2", List.of("rta", "dof"))
                                    .after(List.of("state"))));

            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.subject()).isEqualTo("system");
            assertThat(second.seq()).isEqualTo(2);
            assertThat(second.agencies()).containsExactly("dof", "rta");
            assertThat(second.afterDigest()).hasSize(64);
            assertThat(second.hash())
                    .isEqualTo(AuditHashes.hex(AuditHashes.chain(AuditHashes.unhex(first.hash()), second.canonical())));

            var checkpoint = feature.checkpoint().orElseThrow();
            assertThat(checkpoint.size()).isEqualTo(2);
            assertThat(feature.checkpoint()).as("nothing new to sign").isEmpty();
            assertThat(AuditVerifier.verify(
                                    List.of(first, second), List.of(checkpoint), key.verifierKey("khidma/audit"))
                            .ok())
                    .isTrue();
        }
    }
}
