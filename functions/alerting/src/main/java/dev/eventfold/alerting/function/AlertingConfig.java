package dev.eventfold.alerting.function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Alerting's own keys ({@code eventfold.alerting.*}). */
@ConfigMapping(prefix = "eventfold.alerting")
public interface AlertingConfig {

    /** How long after a window's end (by event time) events still count in it; later ones are ignored. */
    @WithDefault("PT5M")
    Duration allowedLateness();
}
