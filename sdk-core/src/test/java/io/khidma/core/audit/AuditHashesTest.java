package io.khidma.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.audit.server.AuditSigningKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditHashesTest {

    /** The RFC 6962 tree hash by its definition: split at the largest power of two below n. */
    private static byte[] definition(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return AuditHashes.node(definition(leaves.subList(0, k)), definition(leaves.subList(k, leaves.size())));
    }

    @Test
    void theGrowingEdgeGivesTheRootOfTheDefinitionAtEverySize() {
        var edge = AuditHashes.Edge.empty();
        var leaves = new ArrayList<byte[]>();
        for (int i = 0; i < 70; i++) {
            var leaf = AuditHashes.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8));
            leaves.add(leaf);
            edge.add(leaf);
            assertThat(edge.root()).as("size %d", i + 1).isEqualTo(definition(leaves));
            var resumed = AuditHashes.Edge.of(edge.size(), edge.roots());
            assertThat(resumed.root()).isEqualTo(edge.root());
        }
    }

    @Test
    void theEmptyTreeAndOneLeafHashAsRfc6962Says() {
        // RFC 6962 section 2.1: MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0).
        assertThat(HexFormat.of().formatHex(AuditHashes.Edge.empty().root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var one = AuditHashes.Edge.empty();
        one.add(AuditHashes.leaf(new byte[0]));
        assertThat(HexFormat.of().formatHex(one.root()))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void aSignedNoteOpensOnlyWithItsKey() {
        var key = AuditSigningKey.generate();
        var other = AuditSigningKey.generate();
        var root = AuditHashes.leaf(new byte[] {1, 2, 3});
        var note = key.signCheckpoint("khidma.example/audit", 12, root);

        var body = SignedNote.open(note, key.verifierKey("khidma.example/audit"));
        assertThat(body.size()).isEqualTo(12);
        assertThat(body.root()).isEqualTo(root);
        assertThat(note).startsWith("khidma.example/audit\n12\n").contains("\n\n— khidma.example/audit ");

        assertThatThrownBy(() -> SignedNote.open(note, other.verifierKey("khidma.example/audit")))
                .hasMessageContaining("not signed");
        var altered = note.replace("\n12\n", "\n13\n");
        assertThatThrownBy(() -> SignedNote.open(altered, key.verifierKey("khidma.example/audit")))
                .hasMessageContaining("not signed");
        assertThat(Arrays.equals(
                        AuditSigningKey.of(key.encoded()).verifierKey("x").getBytes(StandardCharsets.UTF_8),
                        key.verifierKey("x").getBytes(StandardCharsets.UTF_8)))
                .as("a key read back from its encoding is the same key")
                .isTrue();
    }
}
