package dev.eventfold.delivery.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

/**
 * The pure SSRF rules: which URLs and resolved addresses an endpoint may use. Loopback, private (RFC 1918,
 * carrier-grade NAT, unique-local), link-local, multicast, unspecified and broadcast addresses are refused unless
 * configuration allows loopback or private ones; cloud metadata addresses are always refused.
 */
public record AddressPolicy(boolean allowLoopback, boolean allowPrivate, boolean allowHttp) {

    /** Null when the URL's form is acceptable, else why not. */
    public String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "url is not a valid URI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "url must be http or https" : "url must be https";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "url needs a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "url must not carry credentials";
        }
        if (uri.getRawFragment() != null) {
            return "url must not have a fragment";
        }
        return null;
    }

    /** Null when the endpoint may connect to the address, else why not. */
    public String addressProblem(InetAddress address) {
        InetAddress a = unmapped(address);
        byte[] b = a.getAddress();
        if (isMetadata(a)) {
            return a.getHostAddress() + " is a cloud metadata address";
        }
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : a.getHostAddress() + " is a loopback address";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || isBroadcastOrReserved(b)) {
            return a.getHostAddress() + " is not a unicast public address";
        }
        boolean privateRange = a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64)   // 100.64.0.0/10
                || (b.length == 16 && (b[0] & 0xfe) == 0xfc);                         // fc00::/7
        if (privateRange) {
            return allowPrivate ? null : a.getHostAddress() + " is a private or link-local address";
        }
        return null;
    }

    private static boolean isMetadata(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int x0 = b[0] & 0xff, x1 = b[1] & 0xff, x2 = b[2] & 0xff, x3 = b[3] & 0xff;
            return (x0 == 169 && x1 == 254 && x2 == 169 && x3 == 254)      // AWS, GCP, Azure, OpenStack
                    || (x0 == 100 && x1 == 100 && x2 == 100 && x3 == 200)  // Alibaba
                    || (x0 == 168 && x1 == 63 && x2 == 129 && x3 == 16);   // Azure wire server
        }
        return a.getHostAddress().startsWith("fd00:ec2:0:0:0:0:0:254");   // AWS over IPv6
    }

    private static boolean isBroadcastOrReserved(byte[] b) {
        if (b.length != 4) {
            return false;
        }
        int x0 = b[0] & 0xff;
        return x0 == 0 || x0 >= 240;   // 0.0.0.0/8, 240.0.0.0/4 and 255.255.255.255
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is judged as its IPv4 address. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return Inet4Address.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
