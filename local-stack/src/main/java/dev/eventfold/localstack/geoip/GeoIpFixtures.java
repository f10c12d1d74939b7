package dev.eventfold.localstack.geoip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small GeoIP databases written on demand, in the layouts geo-enricher reads: GeoIP2/GeoLite2 City and Country,
 * GeoLite2 ASN, GeoIP2 Anonymous-IP and DB-IP City Lite ({@code city ipv4}). The data is made up; its addresses and
 * answers follow the entries of MaxMind's published test databases (81.2.69.142 is London, 216.160.83.56 is Milton,
 * 214.78.120.5 is only in the GeoIP2 edition, ...), so tests written against those read the same here.
 */
public final class GeoIpFixtures {

    public static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    public static final String GEOLITE2_CITY = "GeoLite2-City-Test.mmdb";
    public static final String GEOLITE2_COUNTRY = "GeoLite2-Country-Test.mmdb";
    public static final String GEOLITE2_ASN = "GeoLite2-ASN-Test.mmdb";
    public static final String GEOIP2_ANONYMOUS_IP = "GeoIP2-Anonymous-IP-Test.mmdb";
    public static final String DBIP_CITY_IPV4 = "dbip-city-ipv4.mmdb";

    /** A fixed build time, so that the same fixtures are the same bytes. */
    static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");
    private static final String MADE_UP = " (Eventfold fixture: made-up data for tests and offline demos)";

    private GeoIpFixtures() {
    }

    /** Writes all six databases into {@code dir} (created if missing) under the names above; returns {@code dir}. */
    public static Path writeAll(Path dir) {
        try {
            Files.createDirectories(dir);
            city("GeoIP2-City", true).write(dir.resolve(GEOIP2_CITY));
            city("GeoLite2-City", false).write(dir.resolve(GEOLITE2_CITY));
            country().write(dir.resolve(GEOLITE2_COUNTRY));
            asn().write(dir.resolve(GEOLITE2_ASN));
            anonymousIp().write(dir.resolve(GEOIP2_ANONYMOUS_IP));
            dbIpCityLite().write(dir.resolve(DBIP_CITY_IPV4));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A City database; the GeoIP2 edition also knows 214.78.120.0/22 (San Diego) and the anycast network
     * 214.1.1.0/24, which the GeoLite2 edition does not.
     */
    public static MmdbWriter city(String databaseType, boolean geoip2Edition) {
        MmdbWriter db = MmdbWriter.ipv6(databaseType).languages("de", "en").buildTime(BUILT).recordSize(28)
                .description("en", databaseType + MADE_UP);
        places().forEach((network, place) -> db.insert(network, place.toCity()));
        if (geoip2Edition) {
            db.insert("214.78.120.0/22", sanDiego().toCity());
            db.insert("214.1.1.0/24", GeoIp2Record.anycast().toCity());
        }
        return db;
    }

    public static MmdbWriter country() {
        MmdbWriter db = MmdbWriter.ipv6("GeoLite2-Country").languages("de", "en").buildTime(BUILT)
                .description("en", "GeoLite2-Country" + MADE_UP);
        places().forEach((network, place) -> db.insert(network, place.toCountry()));
        return db;
    }

    public static MmdbWriter asn() {
        return MmdbWriter.ipv6("GeoLite2-ASN").languages("en").buildTime(BUILT)
                .description("en", "GeoLite2-ASN" + MADE_UP)
                .insert("89.160.20.128/25", asn(29518, "Bredband2 AB"))
                .insert("1.128.0.0/11", asn(1221, "Telstra Pty Ltd"))
                .insert("216.160.83.56/29", Map.of("autonomous_system_number", MmdbValue.uint32(209)));
    }

    public static MmdbWriter anonymousIp() {
        return MmdbWriter.ipv6("GeoIP2-Anonymous-IP").languages("en").buildTime(BUILT)
                .description("en", "GeoIP2-Anonymous-IP" + MADE_UP)
                .insert("1.2.0.0/24", flags("is_anonymous_vpn"))
                .insert("1.124.213.0/24", flags("is_anonymous_vpn", "is_tor_exit_node"))
                .insert("6.1.0.2/32", flags("is_hosting_provider"))
                .insert("6.1.0.3/32", flags("is_public_proxy"))
                .insert("6.1.0.4/32", flags("is_residential_proxy"))
                .insert("65.0.0.0/13", flags("is_tor_exit_node"))
                .insert("81.2.69.0/24", flags("is_anonymous_vpn", "is_hosting_provider", "is_public_proxy",
                        "is_residential_proxy", "is_tor_exit_node"))
                .insert("2001:480:3a::/48", flags("is_public_proxy"));
    }

    /** DB-IP City Lite's flat IPv4 layout; floats for the coordinates and, as in the Lite edition, empty postcodes. */
    public static MmdbWriter dbIpCityLite() {
        return MmdbWriter.ipv4("city ipv4").buildTime(BUILT)
                .insert("81.2.69.0/24", dbIpCity("GB", "England", "London", 51.5085f, -0.12574f))
                .insert("2.125.160.216/29", dbIpCity("GB", "England", "Boxford", 51.75f, -1.25f))
                .insert("216.160.83.56/29", dbIpCity("US", "Washington", "Milton", 47.2513f, -122.3149f))
                .insert("89.160.20.128/25", dbIpCity("SE", "Östergötland County", "Linköping", 58.4167f, 15.6167f))
                .insert("175.16.199.0/24", dbIpCity("CN", "Jilin", "Changchun", 43.88f, 125.3228f));
    }

    /** One record of DB-IP City Lite. */
    public static Map<String, Object> dbIpCity(String countryCode, String state1, String city, float latitude,
                                               float longitude) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", city);
        record.put("country_code", countryCode);
        record.put("latitude", MmdbValue.float32(latitude));
        record.put("longitude", MmdbValue.float32(longitude));
        record.put("postcode", "");
        record.put("state1", state1);
        record.put("state2", "");
        record.put("timezone", "");
        return record;
    }

    /** The places both City editions and the Country database know, by network. */
    private static Map<String, GeoIp2Record> places() {
        Map<String, GeoIp2Record> places = new LinkedHashMap<>();
        GeoIp2Record london = gb().subdivision("ENG", 6269131, "England").city(2643743, "London")
                .location(51.5142, -0.0931, 10, "Europe/London");
        places.put("81.2.69.142/31", london);
        places.put("81.2.69.160/27", london);
        places.put("2.125.160.216/29", gb().subdivision("ENG", 6269131, "England").city(2654710, "Boxford")
                .postal("OX1").location(51.75, -1.25, 100, "Europe/London"));
        places.put("216.160.83.56/29", us().subdivision("WA", 5815135, "Washington").city(5803556, "Milton")
                .postal("98354").location(47.2513, -122.3149, 22, "America/Los_Angeles"));
        places.put("89.160.20.128/25", GeoIp2Record.country("SE", 2661886, Map.of("en", "Sweden", "de", "Schweden"))
                .inEuropeanUnion().continent("EU", 6255148, "Europe")
                .subdivision("E", 2685867, "Östergötland County").city(2694762, "Linköping")
                .location(58.4167, 15.6167, 76, "Europe/Stockholm"));
        places.put("175.16.199.0/24", GeoIp2Record.country("CN", 1814991, Map.of("en", "China", "de", "China"))
                .continent("AS", 6255147, "Asia").subdivision("22", 2036500, "Jilin Sheng").city(2038180, "Changchun")
                .location(43.88, 125.3228, 100, "Asia/Harbin"));
        places.put("202.196.224.0/20", GeoIp2Record.country("PH", 1694008,
                Map.of("en", "Philippines", "de", "Philippinen")).continent("AS", 6255147, "Asia")
                .location(13, 122, 1000, "Asia/Manila"));
        places.put("67.43.156.0/24", GeoIp2Record.country("BT", 1252634, Map.of("en", "Bhutan", "de", "Bhutan"))
                .continent("AS", 6255147, "Asia").location(27.5, 90.5, 534, "Asia/Thimphu"));
        places.put("2001:480:10::/48", sanDiego());
        places.put("2001:218::/32", GeoIp2Record.country("JP", 1861060, Map.of("en", "Japan", "de", "Japan"))
                .continent("AS", 6255147, "Asia").location(35.68536, 139.75309, 100, "Asia/Tokyo"));
        return places;
    }

    private static GeoIp2Record gb() {
        return GeoIp2Record.country("GB", 2635167, Map.of("en", "United Kingdom", "de", "Vereinigtes Königreich"))
                .continent("EU", 6255148, "Europe");
    }

    private static GeoIp2Record us() {
        return GeoIp2Record.country("US", 6252001, Map.of("en", "United States", "de", "USA"))
                .continent("NA", 6255149, "North America");
    }

    private static GeoIp2Record sanDiego() {
        return us().subdivision("CA", 5332921, "California").city(5391811, "San Diego")
                .location(32.7203, -117.2126, 10, "America/Los_Angeles");
    }

    private static Map<String, Object> asn(long number, String organization) {
        return Map.of("autonomous_system_number", MmdbValue.uint32(number),
                "autonomous_system_organization", organization);
    }

    /** An Anonymous-IP record: {@code is_anonymous} and the given flags true, the others absent (false). */
    private static Map<String, Object> flags(String... names) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("is_anonymous", true);
        for (String name : names) {
            flags.put(name, true);
        }
        return flags;
    }
}
