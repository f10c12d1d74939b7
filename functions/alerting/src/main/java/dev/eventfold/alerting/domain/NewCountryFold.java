package dev.eventfold.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page (one recipient) viewed from a country it was not viewed from before. The earliest country by event time
 * is the recipient's own and never alerts; when a view older than every known one arrives late from another
 * country, that country becomes the baseline and the former baseline is the new one. One alert per country.
 */
final class NewCountryFold {

    private NewCountryFold() {
    }

    static Evaluation evaluate(Rule rule, KeyState state, Observation observation, Duration lateness) {
        long time = observation.time().toEpochMilli();
        if (state.watermark != null && time + lateness.toMillis() < state.watermark) {
            return Evaluation.LATE;
        }
        AlertingCore.advance(state, time);
        String country = observation.label();
        if (country == null) {
            return Evaluation.of(List.of());
        }
        if (state.countries.isEmpty()) {
            state.countries.put(country, time);
            return Evaluation.of(List.of());
        }
        Long seen = state.countries.get(country);
        if (seen != null) {
            state.countries.put(country, Math.min(seen, time));
            return Evaluation.of(List.of());
        }
        Map.Entry<String, Long> baseline = state.countries.entrySet().stream()
                .min(Map.Entry.comparingByValue()).orElseThrow();
        state.countries.put(country, time);
        boolean later = time >= baseline.getValue();
        String newCountry = later ? country : baseline.getKey();
        Instant at = Instant.ofEpochMilli(later ? time : baseline.getValue());
        return Evaluation.of(List.of(new Alert(false, rule, observation.key(), newCountry, at, at,
                state.countries.size(), 1, null, "viewed from " + newCountry, observation.time())));
    }
}
