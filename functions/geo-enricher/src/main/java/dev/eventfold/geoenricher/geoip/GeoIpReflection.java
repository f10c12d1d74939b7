package dev.eventfold.geoenricher.geoip;

import com.maxmind.db.Network;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.ConnectionTypeResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.City;
import com.maxmind.geoip2.record.Continent;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.MaxMind;
import com.maxmind.geoip2.record.Postal;
import com.maxmind.geoip2.record.RepresentedCountry;
import com.maxmind.geoip2.record.Subdivision;
import com.maxmind.geoip2.record.Traits;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native images: the maxmind-db decoder builds these geoip2 classes through their annotated constructors
 * ({@code @MaxMindDbConstructor}, {@code @MaxMindDbParameter}, {@code @MaxMindDbCreator}) by reflection.
 */
@RegisterForReflection(targets = {
        CityResponse.class, CountryResponse.class, AsnResponse.class, AnonymousIpResponse.class,
        ConnectionTypeResponse.class, ConnectionTypeResponse.ConnectionType.class,
        City.class, Continent.class, Country.class, Location.class, MaxMind.class, Postal.class,
        RepresentedCountry.class, Subdivision.class, Traits.class, Network.class})
final class GeoIpReflection {

    private GeoIpReflection() {
    }
}
