package dev.eventfold.useraggregator;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.ValidationException;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import dev.eventfold.useraggregator.store.UserBatch;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Test oracle: the projection that a clean fold of a log builds, one event per transaction in log order, in a
 * database of its own; returned as {@link ProjectionTables#snapshot} of the users whose id starts with a prefix.
 */
final class CleanFold {

    private CleanFold() {
    }

    static Map<String, List<String>> of(List<CloudEvent> log, String userIdPrefix) throws Exception {
        Postgres postgres = Postgres.fromEnvironment();
        String database = postgres.createFreshDatabase("ua_clean");
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                        .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password()))
                .using(vertx).build();
        try {
            String schema = ActiveVersion.BASE_SCHEMA;
            ProjectionMigrations.migrate(postgres.jdbcUrl(database), postgres.user(), postgres.password(), schema);
            for (CloudEvent event : log) {
                CloudEvent delivered = EventCodec.internal().decode(EventCodec.encode(event));
                try {
                    pool.withTransaction(tx -> UserBatch.applyTo(schema, List.of(delivered), tx)).await().indefinitely();
                } catch (ValidationException ignored) {
                    // the live path dead-letters it; the clean fold leaves it out the same way
                }
            }
            try (Connection c = postgres.connect(database)) {
                return ProjectionTables.snapshot(c, schema, userIdPrefix);
            }
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
            postgres.dropDatabase(database);
        }
    }
}
