package dev.eventfold.campaignaggregator.api;

import dev.eventfold.campaignaggregator.store.CampaignQueries.Place;

/** Views from one country (or city); {@code known} is false for views whose address told nothing. */
public record GeoCount(boolean known, String countryCode, String country, String city, long views) {

    static GeoCount of(Place p) {
        return new GeoCount(!p.countryCode().isEmpty(), emptyToNull(p.countryCode()), emptyToNull(p.country()),
                emptyToNull(p.city()), p.views());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
