package dev.eventfold.geoenricher.domain;

import java.net.InetAddress;

/** The port to the GeoIP databases: asked only for public addresses, answers without throwing. */
@FunctionalInterface
public interface GeoLookup {

    GeoAnswer lookup(InetAddress publicAddress);
}
