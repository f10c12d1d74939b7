package dev.eventfold.useraggregator.function;

import dev.eventfold.useraggregator.store.UserBatch;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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

    /**
     * How long an event may wait for its user's created; older parked events are marked rejected ("expired"), kept
     * for inspection and counted in {@code eventfold.user-aggregator.parked.expired}. {@code 0}: they wait forever.
     */
    @WithDefault("P7D")
    Duration parkedMaxAge();

    /** How often expired parked events are looked for. */
    @WithDefault("1h")
    Duration parkedExpiryInterval();
}
