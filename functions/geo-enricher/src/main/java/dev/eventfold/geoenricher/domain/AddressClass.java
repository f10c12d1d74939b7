package dev.eventfold.geoenricher.domain;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Where an address sits in the IANA special-purpose registries: only {@link #PUBLIC} addresses are looked up in a
 * GeoIP database, every other class becomes the {@code unknownReason} of the enriched event.
 */
public enum AddressClass {
    PUBLIC(null),
    PRIVATE(UnknownReason.PRIVATE),
    LOOPBACK(UnknownReason.LOOPBACK),
    LINK_LOCAL(UnknownReason.LINK_LOCAL),
    MULTICAST(UnknownReason.MULTICAST),
    UNSPECIFIED(UnknownReason.UNSPECIFIED),
    UNIQUE_LOCAL(UnknownReason.UNIQUE_LOCAL),
    /** Documentation, benchmarking, future use, broadcast, and IPv6 outside global unicast 2000::/3. */
    RESERVED(UnknownReason.RESERVED);

    private final UnknownReason reason;

    AddressClass(UnknownReason reason) {
        this.reason = reason;
    }

    /** Why no lookup happens for this class; null for {@link #PUBLIC}. */
    public UnknownReason reason() {
        return reason;
    }

    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address ? ofIpv4(b) : ofIpv6(b);
    }

    private static AddressClass ofIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return (b[1] | b[2] | b[3]) == 0 ? UNSPECIFIED : RESERVED;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)
                || (a0 == 100 && (a1 & 0xc0) == 64)) { // RFC 1918 and RFC 6598 shared (carrier NAT) space
            return PRIVATE;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if ((a0 & 0xf0) == 224) {
            return MULTICAST;
        }
        if ((a0 & 0xf0) == 240 // 240.0.0.0/4 future use and 255.255.255.255 broadcast
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (a0 == 198 && (a1 & 0xfe) == 18) // benchmarking 198.18.0.0/15
                || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)) { // TEST-NET-3
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofIpv6(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && b[15] == 0) {
            return UNSPECIFIED;
        }
        if (zeroPrefix && b[15] == 1) {
            return LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        if ((first & 0xe0) != 0x20) { // outside global unicast 2000::/3 (::/8 rest, 100::/64 discard, fec0::/10, ...)
            return RESERVED;
        }
        if ((first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
                || (first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0)) { // 3fff::/20 documentation
            return RESERVED;
        }
        return PUBLIC;
    }
}
