package dev.eventfold.geoenricher.geoip;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of .mmdb file geo-enricher reads, told apart by the {@code database_type} in the file's metadata,
 * so a configured path may hold any of them and a replaced file may change kind (a City file for a Country one).
 */
public enum DatabaseKind {
    /** GeoIP2 / GeoLite2 City (also DB-IP's GeoIP2-compatible City Lite): {@code DatabaseReader.city()}. */
    CITY,
    /** GeoIP2 / GeoLite2 Country: {@code DatabaseReader.country()}. */
    COUNTRY,
    /** DB-IP City Lite in the flat layout ({@code city ipv4}): {@code com.maxmind.db.Reader}. */
    DBIP_CITY,
    /** GeoLite2 ASN: {@code DatabaseReader.asn()}. */
    ASN,
    /** GeoIP2 Anonymous IP: {@code DatabaseReader.anonymousIp()}. */
    ANONYMOUS_IP;

    public static Optional<DatabaseKind> of(String databaseType) {
        if (databaseType == null) {
            return Optional.empty();
        }
        String type = databaseType.toLowerCase(Locale.ROOT);
        if (type.startsWith("city ipv")) {
            return Optional.of(DBIP_CITY);
        }
        if (type.contains("anonymous-ip")) {
            return Optional.of(ANONYMOUS_IP);
        }
        if (type.endsWith("-asn")) {
            return Optional.of(ASN);
        }
        if (type.contains("city")) {
            return Optional.of(CITY);
        }
        if (type.contains("country")) {
            return Optional.of(COUNTRY);
        }
        return Optional.empty();
    }

    /** True for the kinds that tell where an address is (the {@code city-db} slot). */
    public boolean locates() {
        return this == CITY || this == COUNTRY || this == DBIP_CITY;
    }
}
