package dev.eventfold.useraggregator.replay;

import dev.eventfold.runtime.replay.ReplayCommand;

/**
 * The replay command: {@code java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*"
 * dev.eventfold.useraggregator.replay.ReplayMain --bootstrap-servers HOST:PORT [--topic-prefix eventfold]
 * [--schema user_aggregator_vN | --switch-to user_aggregator[_vN]] [--emit]}, PostgreSQL from the PG* environment
 * variables ({@link ReplayCommand}).
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        ReplayCommand.main(new UserReplayFold(), args);
    }
}
