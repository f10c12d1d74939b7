package dev.eventfold.useraggregator.function;

import dev.eventfold.useraggregator.store.UserBatch;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** user-aggregator's own configuration ({@code eventfold.user-aggregator.*}). */
@ConfigMapping(prefix = "eventfold.user-aggregator")
public interface UserAggregatorConfig {

    /**
     * Most events parked for one user that does not exist yet; the next one is dead-lettered with the reason, so
     * that a stream of events for a user whose created never comes cannot grow without bound (redrive it once the
     * created has arrived).
     */
    @WithDefault("" + UserBatch.DEFAULT_MAX_PARKED)
    int maxParkedPerUser();
}
