package dev.eventfold.sample;

/** A config mapping. */
@ConfigMapping(prefix = "eventfold.sample")
public interface SampleConfig {

    /** A path. */
    Optional<String> cityDb();

    @WithName("renamed-key")
    @WithDefault("1")
    int somethingElse();

    /** A nested group: everything under it counts. */
    Limits limits();
}
