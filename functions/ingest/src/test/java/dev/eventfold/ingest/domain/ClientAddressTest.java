package dev.eventfold.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which address the pixel records: X-Forwarded-For counts only when the socket peer is a trusted proxy. */
class ClientAddressTest {

    private final ClientAddress behindProxies = ClientAddress.trusting("10.0.0.0/8, 192.168.1.5, fd00::/8");

    @Test
    void untrustedPeerIsTheClientWhateverItForwards() {
        assertThat(behindProxies.resolve("198.51.100.4", List.of("203.0.113.7"))).isEqualTo("198.51.100.4");
    }

    @Test
    void trustedPeerForwardsTheFirstUntrustedHopFromTheRight() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("6.6.6.6, 203.0.113.7, 10.9.9.9"))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.resolve("192.168.1.5", List.of("203.0.113.7", "10.0.0.1"))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.resolve("fd12::1", List.of("2001:db8::7"))).isEqualTo("2001:db8::7");
    }

    @Test
    void trustedPeerWithoutHeaderIsItself() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void garbageHopStopsTheWalk() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("203.0.113.7, unknown"))).isEqualTo("10.1.2.3");
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("203.0.113.7:5555"))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.resolve("10.1.2.3", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8::7");
    }

    @Test
    void noTrustedProxiesMeansThePeer() {
        assertThat(ClientAddress.trusting("").resolve("10.1.2.3", List.of("203.0.113.7"))).isEqualTo("10.1.2.3");
    }

    @Test
    void cidrMatching() {
        assertThat(Cidr.parse("10.0.0.0/8").contains("10.255.0.1")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("192.168.0.0/23").contains("192.168.1.200")).isTrue();
        assertThat(Cidr.parse("192.168.0.0/23").contains("192.168.2.1")).isFalse();
        assertThat(Cidr.parse("127.0.0.1").contains("::ffff:127.0.0.1")).isTrue();
        assertThat(Cidr.parse("::1/128").contains("::1")).isTrue();
        assertThat(Cidr.parse("::1/128").contains("example.com")).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("not-an-ip")).isInstanceOf(IllegalArgumentException.class);
    }
}
