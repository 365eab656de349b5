package io.khidma.core.events.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where webhooks may be sent. An agency names the URL, the platform makes the request: without a
 * check, a URL such as {@code https://169.254.169.254/} or {@code http://10.0.0.5:5432/} would turn
 * the platform into the agency's probe of the network it runs in (server-side request forgery).
 *
 * <p>Two checks, both off when {@link WebhookOptions#allowPrivateAddresses()} is
 * set for development:
 *
 * <ul>
 *   <li>At registration, without touching DNS: a literal address that is not public, and {@code
 *       localhost} names, are refused.
 *   <li>Before every delivery, after resolving the host: if any address it resolves to is not public,
 *       the attempt is refused and recorded, so a name that later points inside is caught too.
 * </ul>
 *
 * <p>The HTTP client resolves the name once more when it connects; a name that changes in between
 * can still slip through, which only resolving once and connecting to that address would close.
 */
final class WebhookTargets {

    /** Resolves a host name to its addresses: the system resolver, or a fixed table in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Dotted decimal IPv4, the only IPv4 literal form checked without a lookup at registration. */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean allowPrivate;
    private final Resolver resolver;

    WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    static WebhookTargets of(WebhookOptions options) {
        return new WebhookTargets(options.allowPrivateAddresses(), InetAddress::getAllByName);
    }

    /** Why a URL may not be registered, or empty when it may. */
    Optional<String> refusalAtRegistration(URI url) {
        var host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("must name a host");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        var name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".localhost.")) {
            return Optional.of("must be a public address, not " + host);
        }
        if (name.startsWith("[") || IPV4_LITERAL.matcher(name).matches()) {
            try {
                var address = InetAddress.getByName(name);
                if (!isPublic(address)) {
                    return Optional.of("must be a public address, not " + address.getHostAddress());
                }
            } catch (UnknownHostException e) {
                return Optional.of("is not a valid address");
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves the URL's host and refuses it when any of its addresses is not public.
     *
     * @throws RefusedTarget when the host resolves to a private, loopback or otherwise internal address
     * @throws UnknownHostException when it does not resolve
     */
    void requirePublic(URI url) throws UnknownHostException {
        if (allowPrivate) {
            return;
        }
        var host = url.getHost();
        var addresses = resolver.resolve(host);
        var internal = Arrays.stream(addresses).filter(a -> !isPublic(a)).findFirst();
        if (internal.isPresent()) {
            throw new RefusedTarget(
                    host + " resolves to " + internal.get().getHostAddress() + ", which is not a public address");
        }
    }

    /**
     * Whether an address is reachable on the public internet: not loopback, private (RFC 1918,
     * unique-local), link-local, shared (carrier NAT), unspecified, multicast, broadcast, reserved or
     * documentation space, nor an IPv6 address that embeds one of those.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        var bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(bytes);
        }
        if (address instanceof Inet6Address) {
            return isPublicV6(bytes);
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return !(first == 0 // "this network"
                || first == 10
                || first == 127
                || (first == 100 && second >= 64 && second <= 127) // shared address space, carrier NAT
                || (first == 169 && second == 254)
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 0 && third == 0) // IETF protocol assignments
                || (first == 192 && second == 0 && third == 2) // documentation
                || (first == 192 && second == 168)
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || (first == 198 && second == 51 && third == 100) // documentation
                || (first == 203 && second == 0 && third == 113) // documentation
                || first >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
            return false;
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false; // documentation 2001:db8::/32
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4 2002::/16 carries an IPv4 address
            return isPublicV4(Arrays.copyOfRange(b, 2, 6));
        }
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // IPv4-mapped ::ffff:a.b.c.d
            return isPublicV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (isZero(b, 0, 12)) { // IPv4-compatible ::a.b.c.d, deprecated
            return false;
        }
        if (first == 0x00
                && (b[1] & 0xff) == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12)) {
            return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // NAT64 64:ff9b::/96
        }
        return true;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A delivery refused because its host resolves inside the platform's network. */
    static final class RefusedTarget extends RuntimeException {
        RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }
}
