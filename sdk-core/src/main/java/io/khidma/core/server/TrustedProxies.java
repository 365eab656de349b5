package io.khidma.core.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses of the reverse proxies whose {@code X-Forwarded-*} headers a server believes, as
 * CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). Anyone else may write
 * those headers, so they are ignored from anyone else.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** No proxy is trusted: forwarded headers are always ignored. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * The ranges given, each an IP address literal with an optional prefix length.
     *
     * @throws IllegalArgumentException for anything else, a host name included: a name would be
     *     looked up, and trust must not depend on DNS
     */
    public static TrustedProxies of(String... cidrs) {
        return new TrustedProxies(Arrays.stream(cidrs)
                .map(String::trim)
                .filter(cidr -> !cidr.isEmpty())
                .map(Range::parse)
                .toList());
    }

    /** Whether a connection from {@code address} (an IP literal) comes from a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null || !LITERAL.matcher(address).matches()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String cidr) {
            var slash = cidr.indexOf('/');
            var address = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!LITERAL.matcher(address).matches()) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address or range, was " + cidr);
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + cidr, e);
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a prefix length: " + cidr, e);
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range: " + cidr);
                }
            }
            return new Range(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
