package dev.eventfold.runtime;

public class RuntimeConfig {
    @ConfigProperty(name = "eventfold.api-key.pepper", defaultValue = "dev")
    String pepper;
}
