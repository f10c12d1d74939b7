package dev.eventfold.geoenricher.geoip;

import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;
import dev.eventfold.geoenricher.domain.AnonymityFlags;
import dev.eventfold.geoenricher.domain.GeoLocation;
import dev.eventfold.geoenricher.domain.NetworkOwner;
import dev.eventfold.geoenricher.domain.UnknownReason;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One opened .mmdb file, read wholly into memory (so the file on disk may be replaced at any time), of a kind
 * detected from its metadata. Reference-counted: a replaced database closes when its last lookup is done.
 */
public final class GeoDatabase implements Closeable {

    private final DatabaseKind kind;
    private final Metadata metadata;
    private final DatabaseReader maxmind;
    private final Reader flat;
    private final Locale locale;
    /** The holder's reference plus one per lookup in flight; closed when it drops to zero. */
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    private GeoDatabase(DatabaseKind kind, Metadata metadata, DatabaseReader maxmind, Reader flat, Locale locale) {
        this.kind = kind;
        this.metadata = metadata;
        this.maxmind = maxmind;
        this.flat = flat;
        this.locale = locale;
    }

    /** Opens {@code path}; an IOException when it is unreadable, not an .mmdb file or of an unknown kind. */
    public static GeoDatabase open(Path path, Locale locale) throws IOException {
        File file = path.toFile();
        Metadata metadata;
        try (Reader probe = new Reader(file, Reader.FileMode.MEMORY_MAPPED)) {
            metadata = probe.getMetadata();
        }
        DatabaseKind kind = DatabaseKind.of(metadata.databaseType()).orElseThrow(() -> new IOException(
                path + ": unsupported database type \"" + metadata.databaseType() + "\""));
        if (kind == DatabaseKind.DBIP_CITY) {
            Reader flat = new Reader(file, Reader.FileMode.MEMORY);
            return new GeoDatabase(kind, flat.getMetadata(), null, flat, locale);
        }
        DatabaseReader reader = new DatabaseReader.Builder(file)
                .fileMode(Reader.FileMode.MEMORY)
                .locales(List.of(locale.toLanguageTag(), "en"))
                .build();
        return new GeoDatabase(kind, reader.metadata(), reader, null, locale);
    }

    public DatabaseKind kind() {
        return kind;
    }

    public Metadata metadata() {
        return metadata;
    }

    /** False for IPv4-only files (DB-IP City Lite, {@code ip_version} 4): an IPv6 address gives a wrong answer there. */
    public boolean answersIpv6() {
        return metadata.ipVersion() == 6 && !metadata.databaseType().toLowerCase(Locale.ROOT).endsWith("ipv4");
    }

    /** The location of {@code address}, or why there is none; only for the kinds that {@link DatabaseKind#locates()}. */
    public LocationResult locate(InetAddress address) throws IOException, GeoIp2Exception {
        if (!(address instanceof Inet4Address) && !answersIpv6()) {
            return LocationResult.unknown(UnknownReason.IPV6_NOT_SUPPORTED);
        }
        return switch (kind) {
            case CITY -> maxmind.tryCity(address).map(GeoDatabase::fromCity)
                    .orElse(LocationResult.unknown(UnknownReason.NOT_FOUND));
            case COUNTRY -> maxmind.tryCountry(address).map(GeoDatabase::fromCountry)
                    .orElse(LocationResult.unknown(UnknownReason.NOT_FOUND));
            case DBIP_CITY -> fromDbIp(flat.get(address, DbIpCityRecord.class));
            default -> throw new IllegalStateException(kind + " does not locate addresses");
        };
    }

    /** The autonomous system of {@code address} (ASN kind). */
    public Optional<NetworkOwner> owner(InetAddress address) throws IOException, GeoIp2Exception {
        if (!(address instanceof Inet4Address) && !answersIpv6()) {
            return Optional.empty();
        }
        Optional<AsnResponse> asn = maxmind.tryAsn(address);
        return asn.filter(a -> a.autonomousSystemNumber() != null)
                .map(a -> new NetworkOwner(a.autonomousSystemNumber(), a.autonomousSystemOrganization()));
    }

    /** The anonymity flags of {@code address} (Anonymous-IP kind); none set when the file has no record. */
    public AnonymityFlags anonymity(InetAddress address) throws IOException, GeoIp2Exception {
        if (!(address instanceof Inet4Address) && !answersIpv6()) {
            return null;
        }
        Optional<AnonymousIpResponse> response = maxmind.tryAnonymousIp(address);
        return response.map(r -> new AnonymityFlags(r.isAnonymousVpn(), r.isTorExitNode(), r.isHostingProvider(),
                r.isPublicProxy() || r.isResidentialProxy())).orElse(AnonymityFlags.NONE);
    }

    private static LocationResult fromCity(CityResponse city) {
        Country country = city.country();
        Location location = city.location();
        if (country.isoCode() == null && location.latitude() == null) {
            return LocationResult.unknown(city.traits().isAnycast() ? UnknownReason.ANYCAST : UnknownReason.NOT_FOUND);
        }
        Subdivision region = city.subdivisions().isEmpty() ? null : city.leastSpecificSubdivision();
        return LocationResult.of(new GeoLocation(
                country.isoCode(),
                country.name(),
                region == null ? null : region.name() != null ? region.name() : region.isoCode(),
                city.city().name(),
                city.postal().code(),
                location.latitude(),
                location.longitude(),
                location.timeZone()));
    }

    private static LocationResult fromCountry(CountryResponse response) {
        Country country = response.country();
        if (country.isoCode() == null) {
            return LocationResult.unknown(response.traits().isAnycast() ? UnknownReason.ANYCAST : UnknownReason.NOT_FOUND);
        }
        return LocationResult.of(new GeoLocation(country.isoCode(), country.name(),
                null, null, null, null, null, null));
    }

    private LocationResult fromDbIp(DbIpCityRecord record) {
        if (record == null || record.countryCode() == null) {
            return LocationResult.unknown(UnknownReason.NOT_FOUND);
        }
        String countryName = new Locale("", record.countryCode()).getDisplayCountry(locale);
        return LocationResult.of(new GeoLocation(
                record.countryCode(),
                countryName.isBlank() || countryName.equals(record.countryCode()) ? null : countryName,
                record.state1(),
                record.city(),
                record.postcode(),
                toDouble(record.latitude()),
                toDouble(record.longitude()),
                record.timezone()));
    }

    /** The float's shortest decimal, so 51.5143f becomes 51.5143 and not 51.51430130004883. */
    private static Double toDouble(Float value) {
        return value == null ? null : Double.valueOf(value.toString());
    }

    /** Takes a reference for one lookup; false once this database has been closed. */
    boolean acquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the reader. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeReaders();
        }
    }

    /** Drops the holder's reference: closes now, or when the lookups still in flight are done. */
    @Override
    public void close() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    boolean isClosed() {
        return references.get() == 0;
    }

    private void closeReaders() {
        try {
            if (maxmind != null) {
                maxmind.close();
            }
            if (flat != null) {
                flat.close();
            }
        } catch (IOException e) {
            // closing an in-memory reader releases a buffer; nothing can fail that a caller could act on
        }
    }

    /** A location, or the reason there is none. */
    public record LocationResult(GeoLocation location, UnknownReason unknownReason) {

        static LocationResult of(GeoLocation location) {
            return new LocationResult(location, null);
        }

        static LocationResult unknown(UnknownReason reason) {
            return new LocationResult(null, reason);
        }
    }
}
