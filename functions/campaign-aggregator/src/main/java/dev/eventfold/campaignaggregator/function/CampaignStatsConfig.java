package dev.eventfold.campaignaggregator.function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** campaign-aggregator's own configuration: how its stats events are coalesced ({@code eventfold.campaign-stats.*}). */
@ConfigMapping(prefix = "eventfold.campaign-stats")
public interface CampaignStatsConfig {

    /** At most one stats event per campaign per interval, carrying the latest totals; also how often the flusher wakes. */
    @WithDefault("1s")
    Duration interval();
}
