package dev.eventfold.useraggregator.store;

import org.flywaydb.core.Flyway;

import java.util.Map;

/**
 * Creates or upgrades one schema version of the user projection with the module's migrations
 * ({@code db/user_aggregator}), the same files for the base version and for the fresh versions a replay builds.
 */
public final class ProjectionMigrations {

    public static final String LOCATION = "classpath:db/user_aggregator";
    public static final String PLACEHOLDER = "projection_schema";

    private ProjectionMigrations() {
    }

    public static void migrate(String jdbcUrl, String user, String password, String schema) {
        Flyway.configure(ProjectionMigrations.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .schemas(ActiveVersion.checked(schema))
                .defaultSchema(schema)
                .table("flyway_projection_history")
                .locations(LOCATION)
                .placeholders(Map.of(PLACEHOLDER, schema))
                .load()
                .migrate();
    }
}
