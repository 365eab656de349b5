package io.khidma.core.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashes of the audit trail: the chain ({@code SHA-256(previous hash || entry)}) and the RFC
 * 6962 Merkle tree over the entries ({@code leaf = SHA-256(0x00 || entry)}, {@code node =
 * SHA-256(0x01 || left || right)}), grown one leaf at a time by its {@link Edge right edge}.
 */
public final class AuditHashes {

    /** The hash before the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private static final HexFormat HEX = HexFormat.of();

    private AuditHashes() {}

    public static byte[] chain(byte[] previous, byte[] canonical) {
        var digest = sha256();
        digest.update(previous);
        digest.update(canonical);
        return digest.digest();
    }

    public static byte[] leaf(byte[] canonical) {
        var digest = sha256();
        digest.update((byte) 0);
        digest.update(canonical);
        return digest.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        var digest = sha256();
        digest.update((byte) 1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The SHA-256 of {@code bytes}, lower-case hex. */
    public static String digest(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The right edge of an RFC 6962 tree: the roots of its perfect subtrees, largest (leftmost)
     * first, one per 1-bit of its size. Adding a leaf merges equal-sized subtrees like a binary
     * counter; the tree's root folds the edge from the right. Not thread-safe.
     */
    public static final class Edge {
        private final List<byte[]> roots;
        private long size;

        private Edge(List<byte[]> roots, long size) {
            this.roots = roots;
            this.size = size;
        }

        public static Edge empty() {
            return new Edge(new ArrayList<>(), 0);
        }

        /** The edge of a tree of {@code size} leaves, as {@link #roots()} gave it. */
        public static Edge of(long size, List<byte[]> roots) {
            if (Long.bitCount(size) != roots.size()) {
                throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                        + " perfect subtrees, not " + roots.size());
            }
            return new Edge(new ArrayList<>(roots), size);
        }

        public void add(byte[] leafHash) {
            var carry = leafHash;
            // Each trailing 1-bit of the size is a subtree of the same height as the carry: merge.
            for (long bits = size; (bits & 1) == 1; bits >>= 1) {
                carry = node(roots.remove(roots.size() - 1), carry);
            }
            roots.add(carry);
            size++;
        }

        public long size() {
            return size;
        }

        public List<byte[]> roots() {
            return List.copyOf(roots);
        }

        /** The Merkle tree hash of the leaves so far; {@code SHA-256("")} for none, as RFC 6962 says. */
        public byte[] root() {
            if (roots.isEmpty()) {
                return sha256().digest();
            }
            var root = roots.get(roots.size() - 1);
            for (int i = roots.size() - 2; i >= 0; i--) {
                root = node(roots.get(i), root);
            }
            return root;
        }
    }
}
