package dev.eventfold.ingest.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the visitor's IP for the tracking pixel: the socket peer, unless the peer is a trusted proxy, in which
 * case {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first untrusted hop wins.
 * A client cannot spoof its address by sending the header itself, because an untrusted peer's header is ignored.
 */
public final class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Parses a comma-separated list of CIDRs; blank means no trusted proxy. */
    public static ClientAddress trusting(String cidrs) {
        List<Cidr> parsed = new ArrayList<>();
        if (cidrs != null) {
            Arrays.stream(cidrs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).forEach(parsed::add);
        }
        return new ClientAddress(parsed);
    }

    /**
     * @param peer the direct peer's address (the socket)
     * @param forwardedFor every {@code X-Forwarded-For} header value in order (may be empty)
     */
    public String resolve(String peer, List<String> forwardedFor) {
        if (!trusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(stripPort(hop.trim()));
                }
            }
        }
        String candidate = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (Cidr.literal(hop) == null) {
                return candidate;
            }
            candidate = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return candidate;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(c -> c.contains(address));
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }
}
