package dev.eventfold.geoenricher.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AddressClassTest {

    @ParameterizedTest
    @CsvSource({
            "81.2.69.142, PUBLIC",
            "8.8.8.8, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.128.0.1, PUBLIC",
            "2001:480:10::1, PUBLIC",
            "2a00::1, PUBLIC",
            "::ffff:81.2.69.142, PUBLIC",
            "10.0.0.1, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "::ffff:192.168.1.1, PRIVATE",
            "127.0.0.1, LOOPBACK",
            "127.255.0.9, LOOPBACK",
            "::1, LOOPBACK",
            "::ffff:127.0.0.1, LOOPBACK",
            "169.254.10.1, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf::1, LINK_LOCAL",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST",
            "0.0.0.0, UNSPECIFIED",
            "::, UNSPECIFIED",
            "fc00::1, UNIQUE_LOCAL",
            "fd12:3456::1, UNIQUE_LOCAL",
            "0.1.2.3, RESERVED",
            "192.0.2.1, RESERVED",
            "198.51.100.7, RESERVED",
            "203.0.113.9, RESERVED",
            "198.18.0.1, RESERVED",
            "192.0.0.8, RESERVED",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
            "2001:db8::1, RESERVED",
            "3fff::1, RESERVED",
            "100::1, RESERVED",
            "fec0::1, RESERVED",
            "abcd:1000::1, RESERVED",
            "::1.2.3.4, RESERVED"})
    void classifies_special_purpose_addresses(String text, AddressClass expected) {
        assertThat(AddressClass.of(IpAddresses.parse(text).orElseThrow())).isEqualTo(expected);
    }
}
