package dev.eventfold.geoenricher.geoip;

import dev.eventfold.geoenricher.domain.GeoAnswer;
import dev.eventfold.geoenricher.domain.IpAddresses;
import dev.eventfold.geoenricher.domain.UnknownReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.eventfold.geoenricher.GeoIpFiles.GEOIP2_CITY;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_ASN;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_CITY;
import static dev.eventfold.geoenricher.GeoIpFiles.GEOLITE2_COUNTRY;
import static dev.eventfold.geoenricher.GeoIpFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/** A database file replaced while running is picked up without a restart; a bad replacement is not. */
class ReloadableDatabaseTest {

    private static final InetAddress ONLY_IN_GEOIP2 = IpAddresses.parse("214.78.120.5").orElseThrow();
    private static final InetAddress LONDON = IpAddresses.parse("81.2.69.142").orElseThrow();

    @TempDir
    Path dir;

    private static void replace(String source, Path target) throws Exception {
        Path next = target.resolveSibling(target.getFileName() + ".next");
        Files.copy(file(source), next, StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void a_replaced_file_is_swapped_in_and_the_old_database_closed() throws Exception {
        Path city = dir.resolve("city.mmdb");
        Files.copy(file(GEOIP2_CITY), city);
        try (MaxMindGeoLookup lookup = new MaxMindGeoLookup(Optional.of(city), Optional.empty(), Optional.empty(),
                Locale.ENGLISH)) {
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).location().city()).isEqualTo("San Diego");
            GeoDatabase first = lookup.databases().get(0).inService().orElseThrow();
            assertThat(lookup.reloadIfChanged()).as("unchanged file").isZero();

            replace(GEOLITE2_CITY, city);
            assertThat(lookup.reloadIfChanged()).isEqualTo(1);

            assertThat(lookup.lookup(ONLY_IN_GEOIP2).unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
            assertThat(lookup.lookup(LONDON).location().city()).isEqualTo("London");
            assertThat(first.isClosed()).isTrue();

            replace(GEOLITE2_COUNTRY, city);
            assertThat(lookup.reloadIfChanged()).isEqualTo(1);

            assertThat(lookup.lookup(LONDON).location().city()).isNull();
            assertThat(lookup.lookup(LONDON).location().countryCode()).isEqualTo("GB");
        }
    }

    @Test
    void a_file_overwritten_in_place_is_picked_up_too() throws Exception {
        Path city = dir.resolve("city.mmdb");
        Files.copy(file(GEOIP2_CITY), city);
        try (MaxMindGeoLookup lookup = new MaxMindGeoLookup(Optional.of(city), Optional.empty(), Optional.empty(),
                Locale.ENGLISH)) {
            Files.write(city, Files.readAllBytes(file(GEOLITE2_CITY))); // same inode, new size and time

            assertThat(lookup.reloadIfChanged()).isEqualTo(1);
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
        }
    }

    @Test
    void a_lookup_in_flight_finishes_on_the_database_it_started_with() throws Exception {
        Path city = dir.resolve("city.mmdb");
        Files.copy(file(GEOIP2_CITY), city);
        try (MaxMindGeoLookup lookup = new MaxMindGeoLookup(Optional.of(city), Optional.empty(), Optional.empty(),
                Locale.ENGLISH)) {
            ReloadableDatabase slot = lookup.databases().get(0);
            AtomicReference<GeoDatabase> oldOne = new AtomicReference<>();

            GeoDatabase.LocationResult result = slot.lookup(db -> {
                oldOne.set(db);
                replace(GEOLITE2_CITY, city);
                assertThat(slot.reloadIfChanged()).isTrue(); // swapped while this lookup holds the old one
                assertThat(db.isClosed()).isFalse();
                return db.locate(ONLY_IN_GEOIP2);
            }).orElseThrow();

            assertThat(result.location().city()).isEqualTo("San Diego");
            assertThat(oldOne.get().isClosed()).isTrue();
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).unknownReason()).isEqualTo(UnknownReason.NOT_FOUND);
        }
    }

    @Test
    void a_broken_or_wrong_kind_replacement_keeps_the_database_in_service() throws Exception {
        Path city = dir.resolve("city.mmdb");
        Files.copy(file(GEOIP2_CITY), city);
        try (MaxMindGeoLookup lookup = new MaxMindGeoLookup(Optional.of(city), Optional.empty(), Optional.empty(),
                Locale.ENGLISH)) {
            byte[] truncated = Files.readAllBytes(file(GEOLITE2_CITY));
            Files.write(city, java.util.Arrays.copyOf(truncated, truncated.length / 2));
            assertThat(lookup.reloadIfChanged()).isZero();
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).location().city()).isEqualTo("San Diego");

            replace(GEOLITE2_ASN, city);
            assertThat(lookup.reloadIfChanged()).isZero();
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).location().city()).isEqualTo("San Diego");

            Files.delete(city);
            assertThat(lookup.reloadIfChanged()).isZero();
            assertThat(lookup.lookup(ONLY_IN_GEOIP2).location().city()).isEqualTo("San Diego");
        }
    }

    @Test
    void a_database_that_appears_after_start_is_picked_up() throws Exception {
        Path city = dir.resolve("later.mmdb");
        try (MaxMindGeoLookup lookup = new MaxMindGeoLookup(Optional.of(city), Optional.empty(), Optional.empty(),
                Locale.ENGLISH)) {
            GeoAnswer before = lookup.lookup(LONDON);
            assertThat(before.unknownReason()).isEqualTo(UnknownReason.NO_DATABASE);

            replace(GEOIP2_CITY, city);
            assertThat(lookup.reloadIfChanged()).isEqualTo(1);

            assertThat(lookup.lookup(LONDON).location().city()).isEqualTo("London");
        }
    }
}
