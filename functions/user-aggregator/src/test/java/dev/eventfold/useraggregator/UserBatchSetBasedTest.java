package dev.eventfold.useraggregator;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import dev.eventfold.useraggregator.store.UserBatch;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches big enough for the set-based writes (users, logins and failed logins each in one statement over arrays)
 * build the same projection as a clean fold of one event per transaction (the per-row statements), versions
 * included.
 */
class UserBatchSetBasedTest {

    @Test
    void givenBigBatchesWhenAppliedThenTheProjectionIsTheCleanFolds() throws Exception {
        String prefix = "setbased-" + System.nanoTime() + "-";
        List<CloudEvent> log = log(prefix);

        Map<String, List<String>> clean = CleanFold.of(log, prefix);

        Postgres postgres = Postgres.fromEnvironment();
        String database = postgres.createFreshDatabase("ua_setbased");
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                        .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password()))
                .using(vertx).build();
        try {
            String schema = ActiveVersion.BASE_SCHEMA;
            ProjectionMigrations.migrate(postgres.jdbcUrl(database), postgres.user(), postgres.password(), schema);
            Map<String, String> lastSequence = new HashMap<>();
            for (int from = 0; from < log.size(); from += 400) {
                List<CloudEvent> batch = log.subList(from, Math.min(log.size(), from + 400));
                List<CloudEvent> derived = pool.withTransaction(tx -> UserBatch.applyTo(schema, batch, tx))
                        .await().indefinitely();
                derived.forEach(d -> lastSequence.put(d.orgId() + "/" + d.subject(), d.sequence()));
            }
            try (Connection c = postgres.connect(database)) {
                assertThat(ProjectionTables.snapshot(c, schema, prefix)).isEqualTo(clean);
                ResultSet rs = c.createStatement().executeQuery("SELECT org_id, id, version FROM " + schema + ".users");
                int users = 0;
                while (rs.next()) {
                    users++;
                    assertThat(Long.parseLong(lastSequence.get(rs.getString(1) + "/" + rs.getString(2))))
                            .isEqualTo(rs.getLong(3));
                }
                assertThat(users).isEqualTo(lastSequence.size()).isGreaterThan(UserBatchTestSizes.MIN_USERS);
            }
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
            postgres.dropDatabase(database);
        }
    }

    /** Sizes that make every batch of 400 cross the set-based threshold for users, logins and failed logins. */
    static final class UserBatchTestSizes {
        static final int MIN_USERS = 100;
    }

    /**
     * 150 users in two organizations (one user id in both), each created first; then updates with awkward roles
     * (none, several, quotes, commas, braces, non-ASCII), logins with and without user agents, failed logins, and
     * an event delivered twice within a batch.
     */
    static List<CloudEvent> log(String prefix) {
        Random random = new Random(7);
        UserEvents a = new UserEvents("org-a");
        UserEvents b = new UserEvents("org-b");
        List<CloudEvent> log = new ArrayList<>();
        List<String[]> users = new ArrayList<>();
        for (int u = 0; u < 150; u++) {
            UserEvents org = u % 2 == 0 ? a : b;
            String id = prefix + (u == 149 ? 0 : u);
            users.add(new String[] {org.orgId(), id});
            log.add(org.created(id, u % 60, "User " + u, "user" + u + "@example.test", u % 3 == 0 ? new String[0]
                    : new String[] {"viewer", "a \"quoted\", {braced} rôle"}));
        }
        for (int i = 0; i < 1_500; i++) {
            String[] user = users.get(random.nextInt(users.size()));
            UserEvents org = user[0].equals("org-a") ? a : b;
            int minute = 60 + random.nextInt(600);
            int roll = random.nextInt(10);
            CloudEvent e;
            if (roll == 0) {
                e = org.updated(user[1], minute, "Renamed " + i, null,
                        random.nextBoolean() ? null : List.of("editor", "x,y", "{}"));
            } else if (roll < 7) {
                e = org.loggedIn(user[1], minute, "10.0." + random.nextInt(256) + "." + random.nextInt(256));
            } else {
                e = org.loginFailed(user[1], minute, "10.1.0." + random.nextInt(256), "bad_password");
            }
            log.add(e);
            if (i % 97 == 0) {
                log.add(e); // a duplicate in the same batch
            }
        }
        return log;
    }
}
