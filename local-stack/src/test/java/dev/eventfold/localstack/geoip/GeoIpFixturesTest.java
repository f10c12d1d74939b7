package dev.eventfold.localstack.geoip;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixtures read back through MaxMind's GeoIP2 reader, each with the model class of its layout. */
class GeoIpFixturesTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() {
        GeoIpFixtures.writeAll(dir);
    }

    private static DatabaseReader open(String name, String... locales) throws Exception {
        return new DatabaseReader.Builder(dir.resolve(name).toFile())
                .locales(locales.length == 0 ? List.of("en") : List.of(locales)).build();
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void all_six_files_are_written() throws Exception {
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    GeoIpFixtures.GEOIP2_CITY, GeoIpFixtures.GEOLITE2_CITY, GeoIpFixtures.GEOLITE2_COUNTRY,
                    GeoIpFixtures.GEOLITE2_ASN, GeoIpFixtures.GEOIP2_ANONYMOUS_IP, GeoIpFixtures.DBIP_CITY_IPV4);
        }
        assertThat(Files.readAllBytes(dir.resolve(GeoIpFixtures.GEOIP2_CITY)))
                .as("the same fixtures are the same bytes")
                .isEqualTo(GeoIpFixtures.city("GeoIP2-City", true).toBytes());
    }

    @Test
    void the_city_database_is_read_as_a_geoip2_city() throws Exception {
        try (DatabaseReader city = open(GeoIpFixtures.GEOIP2_CITY)) {
            assertThat(city.metadata().databaseType()).isEqualTo("GeoIP2-City");
            assertThat(city.metadata().recordSize()).isEqualTo(28);

            CityResponse milton = city.city(ip("216.160.83.56"));
            assertThat(milton.country().isoCode()).isEqualTo("US");
            assertThat(milton.country().name()).isEqualTo("United States");
            assertThat(milton.continent().code()).isEqualTo("NA");
            assertThat(milton.leastSpecificSubdivision().isoCode()).isEqualTo("WA");
            assertThat(milton.leastSpecificSubdivision().name()).isEqualTo("Washington");
            assertThat(milton.city().name()).isEqualTo("Milton");
            assertThat(milton.city().geonameId()).isEqualTo(5803556L);
            assertThat(milton.postal().code()).isEqualTo("98354");
            assertThat(milton.location().latitude()).isEqualTo(47.2513);
            assertThat(milton.location().longitude()).isEqualTo(-122.3149);
            assertThat(milton.location().accuracyRadius()).isEqualTo(22);
            assertThat(milton.location().timeZone()).isEqualTo("America/Los_Angeles");
            assertThat(milton.registeredCountry().isoCode()).isEqualTo("US");
            assertThat(milton.traits().network().toString()).isEqualTo("216.160.83.56/29");

            assertThat(city.city(ip("81.2.69.160")).city().name()).isEqualTo("London");
            assertThat(city.city(ip("89.160.20.128")).country().isInEuropeanUnion()).isTrue();
            assertThat(city.city(ip("2001:480:10::1")).city().name()).isEqualTo("San Diego");
            assertThat(city.city(ip("2001:218::1")).country().isoCode()).isEqualTo("JP");
            assertThat(city.city(ip("2001:218::1")).city().name()).isNull();
            assertThat(city.city(ip("214.78.120.5")).city().name()).isEqualTo("San Diego");
            assertThat(city.city(ip("214.1.1.1")).traits().isAnycast()).isTrue();
            assertThat(city.city(ip("214.1.1.1")).country().isoCode()).isNull();
            assertThat(city.tryCity(ip("8.8.8.8"))).isEmpty();
        }
    }

    @Test
    void names_are_there_in_german_too() throws Exception {
        try (DatabaseReader city = open(GeoIpFixtures.GEOIP2_CITY, "de", "en")) {
            assertThat(city.city(ip("81.2.69.142")).country().name()).isEqualTo("Vereinigtes Königreich");
            assertThat(city.city(ip("81.2.69.142")).city().name()).as("English fallback").isEqualTo("London");
        }
    }

    @Test
    void the_geolite2_edition_lacks_the_geoip2_only_networks() throws Exception {
        try (DatabaseReader city = open(GeoIpFixtures.GEOLITE2_CITY)) {
            assertThat(city.metadata().databaseType()).isEqualTo("GeoLite2-City");
            assertThat(city.city(ip("81.2.69.142")).city().name()).isEqualTo("London");
            assertThat(city.tryCity(ip("214.78.120.5"))).isEmpty();
            assertThat(city.tryCity(ip("214.1.1.1"))).isEmpty();
        }
    }

    @Test
    void the_country_database_answers_countries_only() throws Exception {
        try (DatabaseReader country = open(GeoIpFixtures.GEOLITE2_COUNTRY)) {
            CountryResponse sweden = country.country(ip("89.160.20.128"));
            assertThat(sweden.country().name()).isEqualTo("Sweden");
            assertThat(country.country(ip("2001:480:10::1")).country().isoCode()).isEqualTo("US");
            assertThatThrownBy(() -> country.city(ip("89.160.20.128")))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void the_asn_database_gives_numbers_and_organizations() throws Exception {
        try (DatabaseReader asn = open(GeoIpFixtures.GEOLITE2_ASN)) {
            AsnResponse bredband = asn.asn(ip("89.160.20.128"));
            assertThat(bredband.autonomousSystemNumber()).isEqualTo(29518L);
            assertThat(bredband.autonomousSystemOrganization()).isEqualTo("Bredband2 AB");
            assertThat(asn.asn(ip("1.128.0.0")).autonomousSystemOrganization()).isEqualTo("Telstra Pty Ltd");
            assertThat(asn.asn(ip("216.160.83.56")).autonomousSystemNumber()).isEqualTo(209L);
            assertThat(asn.asn(ip("216.160.83.56")).autonomousSystemOrganization()).isNull();
            assertThat(asn.tryAsn(ip("2001:480:10::1"))).isEmpty();
        }
    }

    @Test
    void the_anonymous_ip_database_gives_the_flags() throws Exception {
        try (DatabaseReader anonymous = open(GeoIpFixtures.GEOIP2_ANONYMOUS_IP)) {
            AnonymousIpResponse all = anonymous.anonymousIp(ip("81.2.69.142"));
            assertThat(List.of(all.isAnonymous(), all.isAnonymousVpn(), all.isTorExitNode(), all.isHostingProvider(),
                    all.isPublicProxy(), all.isResidentialProxy())).containsOnly(true);
            AnonymousIpResponse residential = anonymous.anonymousIp(ip("6.1.0.4"));
            assertThat(residential.isResidentialProxy()).isTrue();
            assertThat(residential.isPublicProxy()).isFalse();
            assertThat(anonymous.anonymousIp(ip("2001:480:3a::1")).isPublicProxy()).isTrue();
            assertThat(anonymous.tryAnonymousIp(ip("8.8.8.8"))).isEmpty();
        }
    }

    @Test
    void the_dbip_database_has_the_flat_ipv4_layout() throws Exception {
        File file = dir.resolve(GeoIpFixtures.DBIP_CITY_IPV4).toFile();
        assertThatThrownBy(() -> new DatabaseReader.Builder(file).build())
                .as("DatabaseReader does not know this layout, as with the real file")
                .isInstanceOf(IllegalArgumentException.class);
        try (Reader reader = new Reader(file)) {
            assertThat(reader.getMetadata().databaseType()).isEqualTo("city ipv4");
            assertThat(reader.getMetadata().ipVersion()).isEqualTo(4);
            @SuppressWarnings("unchecked")
            Map<String, Object> london = reader.get(ip("81.2.69.142"), Map.class);
            assertThat(london).containsEntry("country_code", "GB").containsEntry("city", "London")
                    .containsEntry("state1", "England").containsEntry("postcode", "").containsEntry("timezone", "")
                    .containsEntry("latitude", 51.5085f).containsEntry("longitude", -0.12574f);
            assertThat(reader.get(ip("240.0.0.1"), Map.class)).isNull();
        }
    }
}
