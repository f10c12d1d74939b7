package dev.eventfold.geoenricher.geoip;

import com.maxmind.db.Reader;
import dev.eventfold.geoenricher.domain.GeoAnswer;
import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.geoenricher.domain.GeoLocation;
import dev.eventfold.geoenricher.domain.IpAddresses;
import dev.eventfold.geoenricher.domain.UnknownReason;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.eventfold.geoenricher.GeoIpFiles.DBIP_CITY_IPV4;
import static dev.eventfold.geoenricher.GeoIpFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DB-IP City Lite (flat layout, IPv4 only) as the location database: the generated fixture, or a real file when
 * {@code eventfold.geoip.dir} names a folder.
 */
class DbIpCityLookupTest {

    private static MaxMindGeoLookup dbip;

    @BeforeAll
    static void open() {
        dbip = new MaxMindGeoLookup(Optional.of(file(DBIP_CITY_IPV4)), Optional.empty(), Optional.empty(),
                Locale.ENGLISH);
    }

    @AfterAll
    static void close() {
        dbip.close();
    }

    @Test
    void the_kind_is_detected_from_the_metadata() {
        GeoDatabase database = dbip.databases().get(0).inService().orElseThrow();

        assertThat(database.kind()).isEqualTo(DatabaseKind.DBIP_CITY);
        assertThat(database.answersIpv6()).isFalse();
    }

    @Test
    void a_real_address_is_located_as_the_raw_record_says() throws Exception {
        InetAddress address = IpAddresses.parse("81.2.69.142").orElseThrow();
        Map<?, ?> raw;
        try (Reader reader = new Reader(file(DBIP_CITY_IPV4).toFile())) {
            raw = reader.get(address, Map.class);
        }

        GeoLocation at = dbip.lookup(address).location();

        assertThat(raw.get("country_code")).isEqualTo("GB");
        assertThat(at.countryCode()).isEqualTo("GB");
        assertThat(at.country()).isEqualTo("United Kingdom");
        assertThat(at.city()).isEqualTo(raw.get("city")).isEqualTo("London");
        assertThat(at.region()).isEqualTo(raw.get("state1"));
        assertThat(at.latitude()).isEqualTo(Double.valueOf(raw.get("latitude").toString()));
        assertThat(at.longitude()).isEqualTo(Double.valueOf(raw.get("longitude").toString()));
        // the Lite edition leaves these empty: empty strings become null
        assertThat(raw.get("postcode")).isEqualTo("");
        assertThat(at.postalCode()).isNull();
        assertThat(at.timeZone()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:480:10::1", "2001:218::1", "2a00:1450::1"})
    void an_ipv6_address_is_never_looked_up_in_the_ipv4_only_database(String ip) throws Exception {
        InetAddress address = IpAddresses.parse(ip).orElseThrow();
        Object wrongAnswer;
        try (Reader reader = new Reader(file(DBIP_CITY_IPV4).toFile())) {
            wrongAnswer = reader.get(address, Map.class); // what a lookup would have returned (first 32 bits)
        }

        GeoAnswer answer = dbip.lookup(address);

        assertThat(answer.location()).as("the reader would have answered %s", wrongAnswer).isNull();
        assertThat(answer.unknownReason()).isEqualTo(UnknownReason.IPV6_NOT_SUPPORTED);
    }

    @Test
    void an_ipv4_mapped_ipv6_address_is_looked_up_as_ipv4() {
        CloudEvent view = CloudEvent.of("evt-1", "/pixel", EventType.PAGE_VIEWED, "page-1", Instant.EPOCH, "org-1",
                null, new PageViewed("::ffff:81.2.69.142", null, null, null));

        PageViewEnriched enriched = new GeoEnricher(dbip, false).enrich(view).payload(PageViewEnriched.class);

        assertThat(enriched.geo()).isEqualTo("known");
        assertThat(enriched.city()).isEqualTo("London");
    }

    @Test
    void an_address_without_a_record_is_not_found() {
        // 240.0.0.1 is reserved and never reaches a lookup; ask the adapter directly
        GeoAnswer answer = dbip.lookup(IpAddresses.parse("240.0.0.1").orElseThrow());

        assertThat(answer.unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
    }
}
