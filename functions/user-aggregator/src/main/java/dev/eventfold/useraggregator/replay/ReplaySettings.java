package dev.eventfold.useraggregator.replay;

import dev.eventfold.model.Nullable;
import dev.eventfold.model.Topic;

import java.io.PrintStream;
import java.time.Duration;

/** Where a replay reads and writes: the broker and topic prefix, the PostgreSQL database, the target version. */
public record ReplaySettings(
        String bootstrapServers,
        String topicPrefix,
        String pgHost,
        int pgPort,
        String pgDatabase,
        String pgUser,
        String pgPassword,
        @Nullable String targetSchema,
        boolean emit,
        Duration progressEvery,
        PrintStream out) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    public String eventsTopic() {
        return Topic.EVENTS.topicName(topicPrefix);
    }
}
