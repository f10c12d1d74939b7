package dev.eventfold.geoenricher.geoip;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One record of DB-IP City Lite in its flat layout, as {@code com.maxmind.db.Reader} decodes it; empty strings
 * in the file (postcode and timezone are always empty in the Lite edition) become null.
 */
@RegisterForReflection
public final class DbIpCityRecord {

    private final String countryCode;
    private final String state1;
    private final String city;
    private final String postcode;
    private final Float latitude;
    private final Float longitude;
    private final String timezone;

    @MaxMindDbConstructor
    public DbIpCityRecord(
            @MaxMindDbParameter(name = "country_code") String countryCode,
            @MaxMindDbParameter(name = "state1") String state1,
            @MaxMindDbParameter(name = "city") String city,
            @MaxMindDbParameter(name = "postcode") String postcode,
            @MaxMindDbParameter(name = "latitude") Float latitude,
            @MaxMindDbParameter(name = "longitude") Float longitude,
            @MaxMindDbParameter(name = "timezone") String timezone) {
        this.countryCode = blankToNull(countryCode);
        this.state1 = blankToNull(state1);
        this.city = blankToNull(city);
        this.postcode = blankToNull(postcode);
        this.latitude = latitude;
        this.longitude = longitude;
        this.timezone = blankToNull(timezone);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public String countryCode() {
        return countryCode;
    }

    public String state1() {
        return state1;
    }

    public String city() {
        return city;
    }

    public String postcode() {
        return postcode;
    }

    public Float latitude() {
        return latitude;
    }

    public Float longitude() {
        return longitude;
    }

    public String timezone() {
        return timezone;
    }
}
