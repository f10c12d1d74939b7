package dev.eventfold.runtime.replay;

import dev.eventfold.model.Nullable;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Where a replay reads and writes: the broker and topic prefix, the PostgreSQL database, the target version
 * ({@code null}: the next fresh one), and whether the target must already exist (a switch back).
 */
public record ReplaySettings(
        String bootstrapServers,
        String topicPrefix,
        String pgHost,
        int pgPort,
        String pgDatabase,
        String pgUser,
        String pgPassword,
        @Nullable String targetSchema,
        boolean switchBack,
        boolean emit,
        Duration progressEvery,
        PrintStream out) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    /** The same settings aimed at another version. */
    public ReplaySettings target(String schema, boolean mustExist) {
        return new ReplaySettings(bootstrapServers, topicPrefix, pgHost, pgPort, pgDatabase, pgUser, pgPassword, schema,
                mustExist, emit, progressEvery, out);
    }
}
