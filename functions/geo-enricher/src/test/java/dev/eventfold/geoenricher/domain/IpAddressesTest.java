package dev.eventfold.geoenricher.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "81.2.69.142, 81.2.69.142",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "10.0.0.1, 10.0.0.1",
            "::ffff:81.2.69.142, 81.2.69.142",
            "::FFFF:81.2.69.142, 81.2.69.142",
            "0:0:0:0:0:ffff:5102:458e, 81.2.69.142"})
    void dotted_quads_and_ipv4_mapped_ipv6_parse_to_ipv4(String text, String canonical) {
        InetAddress address = IpAddresses.parse(text).orElseThrow();

        assertThat(address).isInstanceOf(Inet4Address.class);
        assertThat(IpAddresses.format(address)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:480:10::1, 2001:480:10::1",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
            "fe80::1, fe80::1",
            "::1.2.3.4, ::102:304",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304"})
    void ipv6_text_forms_of_rfc_4291_parse_and_format_per_rfc_5952(String text, String canonical) {
        InetAddress address = IpAddresses.parse(text).orElseThrow();

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.format(address)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "01.2.3.4", "1.2.3.04", "00.0.0.0",
            "256.1.1.1", "1.2.3.999", "1.2.3.-4", "+1.2.3.4", "0x7f.0.0.1", "127.1", "2130706433", " 1.2.3.4",
            "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4/24", "1.2.3.4:80", "\u0661.\u0662.\u0663.\u0664", "localhost",
            "example.com", "fe80::1%eth0", "fe80::1%1", "[::1]", "::1 ", ":::", "1::2::3", "12345::", "::g",
            ":1", "1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2:3:4:5:6:7:8", "1.2.3.4::", "::1.2.3",
            "::01.2.3.4", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "\uff11::", "::ffff:256.1.1.1"})
    void anything_else_is_malformed_and_never_resolved(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
    }

    @Test
    void null_is_malformed() {
        assertThat(IpAddresses.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "81.2.69.142, 81.2.69.0",
            "1.124.213.1, 1.124.213.0",
            "2001:480:10::1, 2001:480:10::",
            "2001:db8:abcd:1234:5678::1, 2001:db8:abcd::",
            "::ffff:81.2.69.142, 81.2.69.0"})
    void truncation_keeps_the_ipv4_24_or_ipv6_48_network(String text, String truncated) {
        InetAddress address = IpAddresses.parse(text).orElseThrow();

        assertThat(IpAddresses.format(IpAddresses.truncate(address))).isEqualTo(truncated);
        assertThat(IpAddresses.format(address)).isNotEqualTo(truncated);
    }
}
