package dev.eventfold.useraggregator.store;

import dev.eventfold.runtime.replay.ProjectionVersions;

/**
 * Creates or upgrades one schema version of the user projection with the module's migrations
 * ({@code db/user_aggregator}), the same files for the base version and for the fresh versions a replay builds.
 */
public final class ProjectionMigrations {

    public static final String LOCATION = "classpath:db/user_aggregator";
    public static final String PLACEHOLDER = ProjectionVersions.PLACEHOLDER;

    private ProjectionMigrations() {
    }

    public static void migrate(String jdbcUrl, String user, String password, String schema) {
        ActiveVersion.VERSIONS.migrate(jdbcUrl, user, password, LOCATION, schema);
    }
}
