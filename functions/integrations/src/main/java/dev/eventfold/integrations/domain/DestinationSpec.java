package dev.eventfold.integrations.domain;

import java.util.Map;

/**
 * What a translator needs to know of a destination: its field mappings (our field → the tool's property;
 * an empty value drops the field) and its tool-specific settings (e.g. HubSpot's page-view event name).
 */
public record DestinationSpec(Map<String, String> mappings, Map<String, String> settings) {

    public DestinationSpec {
        mappings = Map.copyOf(mappings);
        settings = Map.copyOf(settings);
    }

    public static DestinationSpec defaults() {
        return new DestinationSpec(Map.of(), Map.of());
    }

    public String setting(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
