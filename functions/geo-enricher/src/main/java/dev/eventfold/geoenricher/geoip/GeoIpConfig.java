package dev.eventfold.geoenricher.geoip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The {@code eventfold.geoip.*} configuration: database paths, privacy option and reload interval. */
@ConfigMapping(prefix = "eventfold.geoip")
public interface GeoIpConfig {

    /** A directory that relative database paths resolve against (the dev profile sets it to ../shared/geoip). */
    Optional<String> dir();

    /** A location database: GeoIP2/GeoLite2 City or Country, or DB-IP City Lite (kind read from the file). */
    Optional<String> cityDb();

    /** An optional GeoLite2/GeoIP2 ASN database. */
    Optional<String> asnDb();

    /** An optional GeoIP2 Anonymous-IP database. */
    Optional<String> anonymousDb();

    /** Keep only the IPv4 /24 or IPv6 /48 network of the visitor's address in the enriched event. */
    @WithDefault("false")
    boolean truncateIp();

    /** How often the database files are checked for replacement (modification time, size, inode). */
    @WithDefault("60s")
    Duration reloadInterval();

    /** The language of country, region and city names (falls back to English). */
    @WithDefault("en")
    String locale();
}
