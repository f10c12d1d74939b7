package dev.eventfold.campaignaggregator.replay;

import dev.eventfold.runtime.replay.ReplayCommand;

/**
 * The replay command: {@code java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*"
 * dev.eventfold.campaignaggregator.replay.ReplayMain --bootstrap-servers HOST:PORT [--topic-prefix eventfold]
 * [--schema campaign_aggregator_vN | --switch-to campaign_aggregator[_vN]]}, PostgreSQL from the PG* environment
 * variables ({@link ReplayCommand}).
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        ReplayCommand.main(new CampaignReplayFold(), args);
    }
}
