package dev.eventfold.geoenricher.geoip;

import dev.eventfold.geoenricher.domain.AnonymityFlags;
import dev.eventfold.geoenricher.domain.GeoAnswer;
import dev.eventfold.geoenricher.domain.GeoLocation;
import dev.eventfold.geoenricher.domain.IpAddresses;
import dev.eventfold.geoenricher.domain.NetworkOwner;
import dev.eventfold.geoenricher.domain.UnknownReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

import static dev.eventfold.geoenricher.GeoIpFiles.GEOIP2_ANONYMOUS_IP;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOIP2_CITY;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_ASN;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_CITY;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_COUNTRY;
import static dev.eventfold.geoenricher.GeoIpFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lookups against databases in MaxMind's GeoIP2/GeoLite2 layouts (the generated fixtures of {@code GeoIpFiles}, whose
 * entries follow MaxMind's published test databases); region names are the English names of the subdivisions
 * (ENG, WA).
 */
class MaxMindGeoLookupTest {

    private static MaxMindGeoLookup geoip2City;
    private static MaxMindGeoLookup geolite2City;
    private static MaxMindGeoLookup country;

    @BeforeAll
    static void open() {
        geoip2City = new MaxMindGeoLookup(Optional.of(file(GEOIP2_CITY)), Optional.of(file(GEOLITE2_ASN)),
                Optional.of(file(GEOIP2_ANONYMOUS_IP)), Locale.ENGLISH);
        geolite2City = new MaxMindGeoLookup(Optional.of(file(GEOLITE2_CITY)), Optional.empty(), Optional.empty(),
                Locale.ENGLISH);
        country = new MaxMindGeoLookup(Optional.of(file(GEOLITE2_COUNTRY)), Optional.empty(), Optional.empty(),
                Locale.ENGLISH);
    }

    @AfterAll
    static void close() {
        geoip2City.close();
        geolite2City.close();
        country.close();
    }

    static GeoAnswer lookup(MaxMindGeoLookup lookup, String ip) {
        return lookup.lookup(IpAddresses.parse(ip).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({
            "81.2.69.142, GB, United Kingdom, England, London,",
            "81.2.69.160, GB, United Kingdom, England, London,",
            "216.160.83.56, US, United States, Washington, Milton, 98354",
            "89.160.20.128, SE, Sweden, , Linköping,",
            "175.16.199.0, CN, China, , Changchun,",
            "2.125.160.216, GB, United Kingdom, England, Boxford, OX1",
            "2001:480:10::1, US, United States, California, San Diego,",
            "202.196.224.1, PH, Philippines, , ,",
            "67.43.156.1, BT, Bhutan, , ,",
            "2001:218::1, JP, Japan, , ,"})
    void city_databases_locate_the_readme_addresses(String ip, String code, String name, String region, String city,
                                                    String postal) {
        for (MaxMindGeoLookup db : new MaxMindGeoLookup[] {geoip2City, geolite2City}) {
            GeoLocation at = lookup(db, ip).location();

            assertThat(at).as(ip).isNotNull();
            assertThat(at.countryCode()).isEqualTo(code);
            assertThat(at.country()).isEqualTo(name);
            if (region != null) {
                assertThat(at.region()).isEqualTo(region);
            }
            assertThat(at.city()).isEqualTo(city);
            if (postal != null) {
                assertThat(at.postalCode()).isEqualTo(postal);
            }
            assertThat(at.latitude()).isNotNull();
            assertThat(at.longitude()).isNotNull();
            assertThat(at.timeZone()).isNotNull();
        }
    }

    @Test
    void milton_has_the_full_record() {
        GeoLocation milton = lookup(geoip2City, "216.160.83.56").location();

        // from the test database's source data (MaxMind-DB test-data, GeoIP2-City-Test)
        assertThat(milton).isEqualTo(new GeoLocation("US", "United States", "Washington", "Milton", "98354",
                47.2513, -122.3149, "America/Los_Angeles"));
    }

    @Test
    void only_geoip2_city_knows_214_78_120_5() {
        assertThat(lookup(geoip2City, "214.78.120.5").location().city()).isEqualTo("San Diego");
        assertThat(lookup(geolite2City, "214.78.120.5").unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
    }

    @Test
    void an_anycast_network_has_no_location() {
        GeoAnswer anycast = lookup(geoip2City, "214.1.1.1");

        assertThat(anycast.location()).isNull();
        assertThat(anycast.unknownReason()).isEqualTo(UnknownReason.ANYCAST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2a00:1450::1"})
    void an_address_not_in_the_database_is_not_found(String ip) {
        for (MaxMindGeoLookup db : new MaxMindGeoLookup[] {geoip2City, geolite2City, country}) {
            GeoAnswer answer = lookup(db, ip);

            assertThat(answer.location()).isNull();
            assertThat(answer.unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
        }
    }

    @Test
    void a_country_database_answers_the_country_only() {
        assertThat(geoip2City.databases().get(0).inService().orElseThrow().kind()).isEqualTo(DatabaseKind.CITY);
        assertThat(country.databases().get(0).inService().orElseThrow().kind()).isEqualTo(DatabaseKind.COUNTRY);

        assertThat(lookup(country, "81.2.69.142").location())
                .isEqualTo(new GeoLocation("GB", "United Kingdom", null, null, null, null, null, null));
        assertThat(lookup(country, "2001:480:10::1").location().countryCode()).isEqualTo("US");
        assertThat(lookup(country, "89.160.20.128").location().country()).isEqualTo("Sweden");
    }

    @ParameterizedTest
    @CsvSource({
            "89.160.20.128, 29518, Bredband2 AB",
            "1.128.0.0, 1221, Telstra Pty Ltd",
            "216.160.83.56, 209, "})
    void the_asn_database_gives_the_network_owner(String ip, long asn, String organization) {
        assertThat(lookup(geoip2City, ip).owner()).isEqualTo(new NetworkOwner(asn, organization));
    }

    @Test
    void an_address_outside_the_asn_database_has_no_owner() {
        assertThat(lookup(geoip2City, "2001:480:10::1").owner()).isNull();
        assertThat(lookup(geolite2City, "89.160.20.128").owner()).as("no ASN database configured").isNull();
    }

    @ParameterizedTest
    @CsvSource({
            // ip,          vpn,   tor,   hosting, proxy    (GeoIP2-Anonymous-IP-Test records)
            "1.2.0.1,       true,  false, false,   false",
            "1.124.213.1,   true,  true,  false,   false",
            "6.1.0.2,       false, false, true,    false",
            "6.1.0.3,       false, false, false,   true",
            "6.1.0.4,       false, false, false,   true",
            "65.0.0.1,      false, true,  false,   false",
            "81.2.69.142,   true,  true,  true,    true",
            "2001:480:3a::1, false, false, false,  true",
            "8.8.8.8,       false, false, false,   false"})
    void the_anonymous_ip_database_gives_the_flags(String ip, boolean vpn, boolean tor, boolean hosting, boolean proxy) {
        assertThat(lookup(geoip2City, ip).anonymity()).isEqualTo(new AnonymityFlags(vpn, tor, hosting, proxy));
    }

    @Test
    void without_an_anonymous_ip_database_the_flags_are_absent() {
        assertThat(lookup(geolite2City, "1.124.213.1").anonymity()).isNull();
    }

    @Test
    void without_a_location_database_every_answer_is_no_database() {
        try (MaxMindGeoLookup none = new MaxMindGeoLookup(Optional.empty(), Optional.of(file(GEOLITE2_ASN)),
                Optional.empty(), Locale.ENGLISH)) {
            GeoAnswer answer = lookup(none, "89.160.20.128");

            assertThat(answer.unknownReason()).isEqualTo(UnknownReason.NO_DATABASE);
            assertThat(answer.owner().asn()).isEqualTo(29518L);
        }
    }

    @Test
    void a_database_of_the_wrong_kind_is_not_put_in_service() {
        try (MaxMindGeoLookup wrong = new MaxMindGeoLookup(Optional.of(file(GEOLITE2_ASN)),
                Optional.of(file(GEOLITE2_CITY)), Optional.empty(), Locale.ENGLISH)) {
            GeoAnswer answer = lookup(wrong, "81.2.69.142");

            assertThat(answer.unknownReason()).isEqualTo(UnknownReason.NO_DATABASE);
            assertThat(answer.owner()).isNull();
            assertThat(wrong.databases()).allSatisfy(db -> assertThat(db.inService()).isEmpty());
        }
    }

    @Test
    void names_follow_the_configured_locale() throws Exception {
        try (MaxMindGeoLookup german = new MaxMindGeoLookup(Optional.of(file(GEOIP2_CITY)), Optional.empty(),
                Optional.empty(), Locale.GERMAN)) {
            assertThat(german.lookup(InetAddress.getByAddress(new byte[] {81, 2, 69, (byte) 142})).location().country())
                    .isEqualTo("Vereinigtes Königreich");
        }
    }
}
