package dev.eventfold.ingest.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength) {

    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR: \"" + text + "\"");
        }
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length out of range in \"" + text + "\"");
        }
        return new Cidr(address, prefix);
    }

    /** True when the address literal lies in this network; false for anything that is not an IP literal. */
    public boolean contains(String address) {
        byte[] candidate = literal(address);
        if (candidate == null) {
            return false;
        }
        if (candidate.length != network.length) {
            candidate = mappedIpv4(candidate, network.length);
            if (candidate == null) {
                return false;
            }
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /**
     * The bytes of an IP literal, or null for anything else (never a DNS lookup: only strings made of hex digits,
     * dots, colons and brackets reach {@link InetAddress}).
     */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mappedIpv4(byte[] candidate, int wanted) {
        if (candidate.length == 16 && wanted == 4) {
            for (int i = 0; i < 10; i++) {
                if (candidate[i] != 0) {
                    return null;
                }
            }
            if (candidate[10] != (byte) 0xFF || candidate[11] != (byte) 0xFF) {
                return null;
            }
            return new byte[] {candidate[12], candidate[13], candidate[14], candidate[15]};
        }
        return null;
    }
}
