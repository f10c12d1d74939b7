package dev.eventfold.runtime.processing;



public class RuntimeConfig {
    @ConfigProperty(name = "eventfold.api-key.pepper", defaultValue = "dev")
    String pepper;
}
