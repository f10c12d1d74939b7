package dev.eventfold.alerting.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * What one rule takes from one event: the key it counts by, the event's time, and a value (the cumulative views
 * of a campaign, the country of a view, the roles of a user).
 */
public record Observation(String key, Instant time, double value, @Nullable String label, List<String> values) {

    public static Observation count(String key, Instant time) {
        return new Observation(key, time, 1, null, List.of());
    }
}
