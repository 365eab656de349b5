package io.khidma.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checkpoints of the audit trail as C2SP signed notes ({@code tlog-checkpoint}, {@code
 * signed-note}) with Ed25519, the format transparency logs use, so any tool that reads those reads
 * these:
 *
 * <pre>
 * khidma.example/audit      origin
 * 1234                      tree size
 * 8kS7...base64...=         RFC 6962 root hash
 *
 * — khidma.example/audit 3q2+7w...   key id (4 bytes) and signature, base64
 * </pre>
 *
 * A verifier key is {@code <name>+<key id hex>+<base64(0x01 || public key)>}.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    // The DER prefix of an X.509 Ed25519 public key, before its 32 raw bytes.
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** A checkpoint read from a note whose signature verified. */
    public record Body(String origin, long size, byte[] root) {}

    private SignedNote() {}

    /** The checkpoint text: origin, size and root, one per line. */
    public static String checkpoint(String origin, long size, byte[] root) {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** {@code text} signed by {@code name}'s Ed25519 key. */
    public static String sign(String text, String name, PrivateKey key, PublicKey publicKey) {
        try {
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            var signature = signer.sign();
            var tagged = new byte[4 + signature.length];
            System.arraycopy(keyId(name, raw(publicKey)), 0, tagged, 0, 4);
            System.arraycopy(signature, 0, tagged, 4, signature.length);
            return text + "\n— " + name + " " + Base64.getEncoder().encodeToString(tagged) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with Ed25519", e);
        }
    }

    /** The verifier key others pin to check notes signed by {@code name} with {@code publicKey}. */
    public static String verifierKey(String name, PublicKey publicKey) {
        var raw = raw(publicKey);
        var typed = new byte[1 + raw.length];
        typed[0] = ED25519;
        System.arraycopy(raw, 0, typed, 1, raw.length);
        return name + "+" + HexFormat.of().formatHex(keyId(name, raw)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * The checkpoint of a note signed by the verifier key's owner.
     *
     * @throws IllegalArgumentException if the note is malformed, not signed by that key, or its
     *     signature does not verify
     */
    public static Body open(String note, String verifierKey) {
        var parts = verifierKey.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+keyid+key");
        }
        var name = parts[0];
        var typed = Base64.getDecoder().decode(parts[2]);
        if (typed.length != 33 || typed[0] != ED25519) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key");
        }
        var raw = Arrays.copyOfRange(typed, 1, 33);
        var id = keyId(name, raw);
        if (!HexFormat.of().formatHex(id).equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's id does not match its key");
        }
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("the note has no signature");
        }
        var text = note.substring(0, split + 1);
        boolean verified = false;
        for (var line : note.substring(split + 2).split("\n")) {
            var prefix = "— " + name + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            var tagged = Base64.getDecoder().decode(line.substring(prefix.length()));
            if (tagged.length < 5 || !MessageDigest.isEqual(Arrays.copyOf(tagged, 4), id)) {
                continue;
            }
            verified = verifies(raw, text, Arrays.copyOfRange(tagged, 4, tagged.length));
            if (verified) {
                break;
            }
        }
        if (!verified) {
            throw new IllegalArgumentException("the note is not signed by " + name + "'s key");
        }
        var lines = text.split("\n");
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size and a root");
        }
        return new Body(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    }

    private static boolean verifies(byte[] raw, String text, byte[] signature) {
        try {
            var key =
                    KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] keyId(String name, byte[] raw) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(ED25519);
            digest.update(raw);
            return Arrays.copyOf(digest.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] raw(PublicKey key) {
        var encoded = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
                || encoded.length != X509_PREFIX.length + 32) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
