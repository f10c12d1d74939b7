package dev.eventfold.integrations.domain;

import java.util.Arrays;
import java.util.Optional;

/** The tools a destination can be; the API names them in lower case ({@code hubspot}). */
public enum Tool {
    HUBSPOT, SALESFORCE, SEGMENT;

    public String id() {
        return name().toLowerCase();
    }

    public static Optional<Tool> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
