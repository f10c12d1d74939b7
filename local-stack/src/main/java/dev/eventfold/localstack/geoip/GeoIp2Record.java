package dev.eventfold.localstack.geoip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record in the layout of MaxMind's GeoIP2/GeoLite2 City and Country databases (the keys and types that
 * {@code com.maxmind.geoip2.DatabaseReader} decodes): continent, country, registered country, subdivisions, city,
 * postal code, location and traits. Names are given in English and, where wanted, more languages.
 */
public final class GeoIp2Record {

    private final Map<String, Object> continent = new LinkedHashMap<>();
    private final Map<String, Object> country = new LinkedHashMap<>();
    private final Map<String, Object> subdivision = new LinkedHashMap<>();
    private final Map<String, Object> city = new LinkedHashMap<>();
    private final Map<String, Object> postal = new LinkedHashMap<>();
    private final Map<String, Object> location = new LinkedHashMap<>();
    private final Map<String, Object> traits = new LinkedHashMap<>();

    /** A record placed in {@code isoCode} (ISO 3166-1 alpha-2) with its GeoNames id and names by language. */
    public static GeoIp2Record country(String isoCode, long geonameId, Map<String, String> names) {
        GeoIp2Record record = new GeoIp2Record();
        record.country.put("geoname_id", MmdbValue.uint32(geonameId));
        record.country.put("iso_code", isoCode);
        record.country.put("names", Map.copyOf(names));
        return record;
    }

    /** A record of a network without a place, such as an anycast network ({@code traits.is_anycast}). */
    public static GeoIp2Record anycast() {
        GeoIp2Record record = new GeoIp2Record();
        record.traits.put("is_anycast", true);
        return record;
    }

    public GeoIp2Record inEuropeanUnion() {
        country.put("is_in_european_union", true);
        return this;
    }

    public GeoIp2Record continent(String code, long geonameId, String englishName) {
        continent.put("code", code);
        continent.put("geoname_id", MmdbValue.uint32(geonameId));
        continent.put("names", Map.of("en", englishName));
        return this;
    }

    /** The largest subdivision (state, region, constituent country) by ISO 3166-2 code. */
    public GeoIp2Record subdivision(String isoCode, long geonameId, String englishName) {
        subdivision.put("geoname_id", MmdbValue.uint32(geonameId));
        subdivision.put("iso_code", isoCode);
        subdivision.put("names", Map.of("en", englishName));
        return this;
    }

    public GeoIp2Record city(long geonameId, String englishName) {
        city.put("geoname_id", MmdbValue.uint32(geonameId));
        city.put("names", Map.of("en", englishName));
        return this;
    }

    public GeoIp2Record postal(String code) {
        postal.put("code", code);
        return this;
    }

    public GeoIp2Record location(double latitude, double longitude, int accuracyRadiusKm, String timeZone) {
        location.put("accuracy_radius", MmdbValue.uint16(accuracyRadiusKm));
        location.put("latitude", latitude);
        location.put("longitude", longitude);
        location.put("time_zone", timeZone);
        return this;
    }

    /** The record as a City database holds it. */
    public Map<String, Object> toCity() {
        Map<String, Object> out = toCountry();
        put(out, "city", city);
        put(out, "location", location);
        put(out, "postal", postal);
        if (!subdivision.isEmpty()) {
            out.put("subdivisions", List.of(Map.copyOf(subdivision)));
        }
        return out;
    }

    /** The record as a Country database holds it: no subdivision, city, postal code or location. */
    public Map<String, Object> toCountry() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "continent", continent);
        put(out, "country", country);
        put(out, "registered_country", country);
        put(out, "traits", traits);
        return out;
    }

    private static void put(Map<String, Object> out, String key, Map<String, Object> value) {
        if (!value.isEmpty()) {
            out.put(key, new LinkedHashMap<>(value));
        }
    }
}
