package io.khidma.core.events.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.8.9.10",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.0.0.8",
                "192.0.2.1",
                "192.168.0.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "2001:db8::1",
                "::ffff:127.0.0.1",
                "::ffff:192.168.1.1",
                "::127.0.0.1",
                "64:ff9b::a00:1",
                "2002:a00:1::1"
            })
    void internalAddressesAreNotPublic(String address) throws UnknownHostException {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "93.184.216.34",
                "100.63.255.255",
                "100.128.0.1",
                "172.15.255.255",
                "172.32.0.1",
                "192.169.0.1",
                "223.255.255.254",
                "2606:4700:4700::1111",
                "2a00:1450:4001::200e",
                "64:ff9b::5db8:d822",
                "2002:5db8:d822::1"
            })
    void publicAddressesArePublic(String address) throws UnknownHostException {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void aNameIsCheckedAgainstEveryAddressItResolvesTo() throws UnknownHostException {
        var dns = Map.of(
                "hooks.rta.example", new InetAddress[] {InetAddress.getByName("93.184.216.34")},
                "rebound.example", new InetAddress[] {InetAddress.getByName("10.0.0.5")},
                "split.example",
                        new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("::1")});
        var targets = new WebhookTargets(false, host -> {
            var addresses = dns.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return addresses;
        });

        assertThatCode(() -> targets.requirePublic(URI.create("https://hooks.rta.example/k")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> targets.requirePublic(URI.create("https://rebound.example/k")))
                .isInstanceOf(WebhookTargets.RefusedTarget.class)
                .hasMessage("rebound.example resolves to 10.0.0.5, which is not a public address");
        assertThatThrownBy(() -> targets.requirePublic(URI.create("https://split.example/k")))
                .isInstanceOf(WebhookTargets.RefusedTarget.class)
                .hasMessageContaining("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> targets.requirePublic(URI.create("https://nowhere.example/k")))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void registrationLooksNothingUpAndDevelopmentMayAllowInternalAddresses() {
        var strict = new WebhookTargets(false, host -> {
            throw new AssertionError("no lookup at registration, asked for " + host);
        });
        var development = new WebhookTargets(true, host -> {
            throw new AssertionError("no lookup when internal addresses are allowed, asked for " + host);
        });

        assertThat(strict.refusalAtRegistration(URI.create("https://hooks.rta.example/k")))
                .isEmpty();
        assertThat(strict.refusalAtRegistration(URI.create("https://[::1]:8443/k")))
                .hasValue("must be a public address, not 0:0:0:0:0:0:0:1");
        assertThat(strict.refusalAtRegistration(URI.create("https:/k"))).hasValue("must name a host");
        assertThat(development.refusalAtRegistration(URI.create("http://127.0.0.1:8080/k")))
                .isEmpty();
        assertThatCode(() -> development.requirePublic(URI.create("http://127.0.0.1:8080/k")))
                .doesNotThrowAnyException();
    }
}
