package dev.eventfold.geoenricher.domain;

import dev.eventfold.model.Nullable;

/** Where an address is, as a location database tells it; any field may be missing (a country-only database). */
public record GeoLocation(
        @Nullable String countryCode,
        @Nullable String country,
        @Nullable String region,
        @Nullable String city,
        @Nullable String postalCode,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String timeZone) {
}
