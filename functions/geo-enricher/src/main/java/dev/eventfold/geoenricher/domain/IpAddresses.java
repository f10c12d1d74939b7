package dev.eventfold.geoenricher.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict textual IP parsing and formatting for the enricher: a dotted quad of exactly four decimal octets, or an
 * RFC 4291 IPv6 address (with {@code ::} and a trailing embedded IPv4), never a host name, never a zone id.
 * Parsing builds the bytes itself and only then calls {@link InetAddress#getByAddress(byte[])}, so nothing here
 * resolves names or accepts the lenient forms of {@link InetAddress#getByName} ({@code 1.2.3}, {@code 0x7f.1}).
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address, IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as IPv4; empty when {@code text} is not an address. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Four bytes, or null unless {@code text} is exactly four dot-separated decimal octets without leading zeros. */
    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = decimalOctet(parts[i]);
            if (octet < 0) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }

    private static int decimalOctet(String part) {
        // "01" is octal to some parsers and decimal to others: refuse the ambiguity.
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** Sixteen bytes, or null unless {@code text} is an RFC 4291 text address (no zone id, no brackets). */
    static byte[] parseIpv6(String text) {
        int ipv4Bytes = 0;
        byte[] embedded = null;
        String hex = text;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.') >= 0) {
            embedded = parseIpv4(text.substring(lastColon + 1));
            if (embedded == null) {
                return null;
            }
            ipv4Bytes = 4;
            // the dotted quad stands for two 16-bit groups: parse "0:0" in its place, copy its bytes in after
            hex = text.substring(0, lastColon + 1) + "0:0";
        }
        int gap = hex.indexOf("::");
        if (gap >= 0 && hex.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = groups(hex);
            tail = new int[0];
            if (head == null || head.length != 8) {
                return null;
            }
        } else {
            head = gap == 0 ? new int[0] : groups(hex.substring(0, gap));
            tail = gap + 2 == hex.length() ? new int[0] : groups(hex.substring(gap + 2));
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 16 - 2 * (tail.length - i);
            out[at] = (byte) (tail[i] >> 8);
            out[at + 1] = (byte) tail[i];
        }
        if (embedded != null) {
            System.arraycopy(embedded, 0, out, 16 - ipv4Bytes, ipv4Bytes);
        }
        return out;
    }

    /** The 16-bit groups of a colon-separated run, or null when a group is empty or not 1-4 hex digits. */
    private static int[] groups(String run) {
        String[] parts = run.split(":", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0 || part.charAt(j) > 'f') {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[i] = value;
        }
        return out;
    }

    static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest run of 2+ zero groups as {@code ::}). */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The address with only its network part kept: IPv4 /24, IPv6 /48, the rest zeroed. */
    public static InetAddress truncate(InetAddress address) {
        byte[] b = address.getAddress();
        int keep = b.length == 4 ? 3 : 6;
        Arrays.fill(b, keep, b.length, (byte) 0);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
