package dev.eventfold.useraggregator;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.runtime.processing.EventRejectedException;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import dev.eventfold.useraggregator.store.UserBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The store on the real PostgreSQL, without the application: whatever the delivery (duplicates, out of order,
 * poison, another organization's events, concurrent create and park), the projection equals a clean replay.
 */
class UserProjectionTest {

    private static final String CLEAN = "user_aggregator_v2";

    private final Postgres postgres = Postgres.fromEnvironment();
    private final UserEvents acme = new UserEvents("org-acme");
    private final UserEvents globex = new UserEvents("org-globex");
    private String database;
    private Vertx vertx;
    private Pool pool;
    private Connection jdbc;

    @BeforeEach
    void freshDatabase() throws Exception {
        database = postgres.createFreshDatabase("ua_store");
        ProjectionMigrations.migrate(postgres.jdbcUrl(database), postgres.user(), postgres.password(), "user_aggregator");
        ProjectionMigrations.migrate(postgres.jdbcUrl(database), postgres.user(), postgres.password(), CLEAN);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                        .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password()))
                .using(vertx).build();
        jdbc = postgres.connect(database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        jdbc.close();
        pool.closeAndAwait();
        vertx.closeAndAwait();
        postgres.dropDatabase(database);
    }

    /**
     * What a trigger hands the store: the event decoded by the contract's codec (a poison event is dead-lettered
     * there and never reaches the core).
     */
    private static CloudEvent delivered(CloudEvent e) {
        return EventCodec.internal().decode(EventCodec.encode(e));
    }

    /** Delivers each event in its own transaction to the active version; returns the rejected ones. */
    private List<CloudEvent> deliver(List<CloudEvent> events) {
        List<CloudEvent> rejected = new ArrayList<>();
        for (CloudEvent e : events) {
            try {
                pool.withTransaction(tx -> UserBatch.applyToActive(List.of(delivered(e)), tx)).await().indefinitely();
            } catch (ValidationException v) {
                rejected.add(e);
            }
        }
        return rejected;
    }

    private void cleanReplay(List<CloudEvent> log) {
        for (CloudEvent e : log) {
            try {
                pool.withTransaction(tx -> UserBatch.applyTo(CLEAN, List.of(delivered(e)), tx)).await().indefinitely();
            } catch (ValidationException ignored) {
                // the live path dead-letters it; a replay leaves it out the same way
            }
        }
    }

    @Test
    void messyDeliveryEndsLikeACleanReplayOfTheLog() throws Exception {
        CloudEvent earlyLogin = acme.loggedIn("u1", 2, "10.0.0.1");
        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com", "admin");
        CloudEvent renamed = acme.updated("u1", 3, "Ada L.", null, List.of("admin", "owner"));
        CloudEvent failed = acme.loginFailed("u1", 4, "10.0.0.9", "bad password");
        CloudEvent poison = acme.poison("u2", 1);
        CloudEvent intruder = globex.updated("u1", 5, "Mallory", null, null);
        CloudEvent orphan = acme.loggedIn("u3", 6, "10.0.0.3");
        List<CloudEvent> log = List.of(earlyLogin, created, renamed, failed, poison, intruder, orphan);

        List<CloudEvent> rejected = deliver(List.of(earlyLogin, created, earlyLogin, renamed, created, failed, poison,
                renamed, intruder, orphan, failed, orphan));
        cleanReplay(log);

        // user ids are scoped to their organization: the intruder names globex's own u1, which is not created yet
        assertThat(rejected).containsExactly(poison);
        Map<String, List<String>> live = ProjectionTables.snapshot(jdbc, "user_aggregator");
        assertThat(live).isEqualTo(ProjectionTables.snapshot(jdbc, CLEAN));
        assertThat(live.get("users")).singleElement().asString()
                .startsWith("u1 | org-acme | Ada L. | ada@example.com | {admin,owner}")
                .contains(" | 1 | 1 | ").endsWith("10.0.0.1");
        assertThat(live.get("user_logins")).hasSize(1);
        assertThat(live.get("user_failed_logins")).hasSize(1);
        assertThat(live.get("parked_events")).containsExactlyInAnyOrder(orphan.id() + " | u3 | f", intruder.id() + " | u1 | f");
    }

    @Test
    void aBatchFoldsLikeOneEventAtATime() throws Exception {
        CloudEvent earlyLogin = acme.loggedIn("u1", 2, "10.0.0.1");
        CloudEvent earlyRename = acme.updated("u2", 2, "Bobby", null, null);
        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com", "admin");
        CloudEvent renamed = acme.updated("u1", 3, "Ada L.", null, List.of("admin", "owner"));
        CloudEvent failed = acme.loginFailed("u1", 4, "10.0.0.9", "bad password");
        CloudEvent foreign = globex.loggedIn("u2", 3, "10.6.6.6");
        CloudEvent created2 = acme.created("u2", 1, "Bob", "bob@example.com");
        CloudEvent login2 = acme.loggedIn("u2", 5, "10.0.0.2");
        CloudEvent orphan = acme.loggedIn("u3", 6, "10.0.0.3");
        List<CloudEvent> first = List.of(earlyLogin, earlyRename, created, earlyLogin, foreign);
        List<CloudEvent> second = List.of(renamed, failed, created2, login2, orphan, renamed);

        List<CloudEvent> derived = new ArrayList<>();
        for (List<CloudEvent> batch : List.of(first, second)) {
            derived.addAll(pool.withTransaction(tx -> UserBatch.applyToActive(batch, tx)).await().indefinitely());
        }
        cleanReplay(List.of(earlyLogin, earlyRename, created, foreign, renamed, failed, created2, login2, orphan));

        assertThat(ProjectionTables.snapshot(jdbc, "user_aggregator")).isEqualTo(ProjectionTables.snapshot(jdbc, CLEAN));
        assertThat(ProjectionTables.snapshot(jdbc, CLEAN).get("parked_events"))
                // globex's login names globex's own u2 (not created): parked, not rejected
                .containsExactlyInAnyOrder(orphan.id() + " | u3 | f", foreign.id() + " | u2 | f");
        assertThat(derived).extracting(CloudEvent::id).containsExactly(
                DerivedIds.derivedId("user-aggregator", created),
                DerivedIds.derivedId("user-aggregator", earlyLogin),
                DerivedIds.derivedId("user-aggregator", renamed),
                DerivedIds.derivedId("user-aggregator", failed),
                DerivedIds.derivedId("user-aggregator", created2),
                DerivedIds.derivedId("user-aggregator", earlyRename),
                DerivedIds.derivedId("user-aggregator", login2));
        // each user's states are its versions 1, 2, 3, … across batches: the CloudEvents sequence a consumer keeps
        assertThat(derived).extracting(CloudEvent::subject, CloudEvent::sequence).containsExactly(
                tuple("u1", "0000000000000000001"), tuple("u1", "0000000000000000002"),
                tuple("u1", "0000000000000000003"), tuple("u1", "0000000000000000004"),
                tuple("u2", "0000000000000000001"), tuple("u2", "0000000000000000002"),
                tuple("u2", "0000000000000000003"));
    }

    @Test
    void aUserWithTheMostParkedEventsParksNoMoreAndTheOnesParkedAreAppliedOnCreate() throws Exception {
        List<CloudEvent> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(acme.loggedIn("u9", i + 1, "10.0.0." + i));
        }
        for (CloudEvent login : logins.subList(0, 3)) {
            pool.withTransaction(tx -> UserBatch.applyToActive(List.of(login), tx, 3)).await().indefinitely();
        }

        assertThatThrownBy(() -> pool.withTransaction(tx -> UserBatch.applyToActive(List.of(logins.get(3)), tx, 3))
                .await().indefinitely())
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.event()).isEqualTo(logins.get(3));
                    assertThat(e.getMessage()).contains("3 events waiting");
                });
        pool.withTransaction(tx -> UserBatch.applyToActive(List.of(acme.created("u9", 0, "Ivy", "ivy@example.com")),
                tx, 3)).await().indefinitely();

        assertThat(ProjectionTables.snapshot(jdbc, "user_aggregator").get("users")).singleElement().asString()
                .startsWith("u9 | org-acme | Ivy").contains(" | 3 | 0 | ");
    }

    @Test
    void aBatchNamesTheEventThatCanNeverApply() {
        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com");
        CloudEvent notOurs = CloudEvent.of(UUID.randomUUID().toString(), "/tests", EventType.PAGE_VIEWED, "page-1",
                created.time(), created.orgId(), null, new PageViewed("10.0.0.1", null, null, "v-1"));

        assertThatThrownBy(() -> pool.withTransaction(tx -> UserBatch.applyToActive(List.of(created, notOurs), tx))
                .await().indefinitely())
                .isInstanceOf(EventRejectedException.class)
                .satisfies(e -> assertThat(((EventRejectedException) e).event()).isEqualTo(notOurs));
    }

    @Test
    void twoOrganizationsUsersOfTheSameIdStayApartInABatchAndOneAtATime() throws Exception {
        CloudEvent acmeCreated = acme.created("u1", 0, "Ada", "ada@example.com");
        CloudEvent globexCreated = globex.created("u1", 1, "Bob", "bob@example.com");
        CloudEvent acmeLogin = acme.loggedIn("u1", 2, "10.0.0.1");
        CloudEvent globexFailed = globex.loginFailed("u1", 3, "10.0.0.2", "bad password");
        List<CloudEvent> log = List.of(acmeCreated, globexCreated, acmeLogin, globexFailed);

        pool.withTransaction(tx -> UserBatch.applyToActive(log, tx)).await().indefinitely();
        cleanReplay(log);

        Map<String, List<String>> live = ProjectionTables.snapshot(jdbc, "user_aggregator");
        assertThat(live).isEqualTo(ProjectionTables.snapshot(jdbc, CLEAN));
        assertThat(live.get("users")).hasSize(2)
                .anySatisfy(u -> assertThat(u).startsWith("u1 | org-acme | Ada").contains(" | 1 | 0 | "))
                .anySatisfy(u -> assertThat(u).startsWith("u1 | org-globex | Bob").contains(" | 0 | 1 | "));
        assertThat(live.get("user_logins")).hasSize(1);
        assertThat(live.get("user_failed_logins")).hasSize(1);
    }

    @Test
    void aCreateAndEventsParkedConcurrentlyNeverMissEachOther() throws Exception {
        List<Uni<List<CloudEvent>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = "c" + i;
            for (CloudEvent e : List.of(acme.loggedIn(user, 2, "10.0.0.1"), acme.created(user, 0, "N" + i, "n@x.io"),
                    acme.loginFailed(user, 3, "10.0.0.2", "locked"))) {
                all.add(pool.withTransaction(tx -> UserBatch.applyToActive(List.of(e), tx)));
            }
        }
        Uni.join().all(all).andFailFast().await().indefinitely();

        Map<String, List<String>> tables = ProjectionTables.snapshot(jdbc, "user_aggregator");
        assertThat(tables.get("users")).hasSize(40).allSatisfy(row -> assertThat(row).contains(" | 1 | 1 | "));
        assertThat(tables.get("parked_events")).isEmpty();
    }

    @Test
    void writesFollowTheActiveVersionPointer() throws Exception {
        deliver(List.of(acme.created("u1", 0, "Ada", "ada@example.com")));
        pool.withTransaction(tx -> ActiveVersion.lockForSwitch(tx).chain(() -> ActiveVersion.switchTo(tx, CLEAN)))
                .await().indefinitely();
        deliver(List.of(acme.created("u2", 1, "Bob", "bob@example.com")));

        assertThat(ProjectionTables.snapshot(jdbc, "user_aggregator").get("users")).singleElement().asString().startsWith("u1 ");
        assertThat(ProjectionTables.snapshot(jdbc, CLEAN).get("users")).singleElement().asString().startsWith("u2 ");
        assertThat(ActiveVersion.current(pool).await().indefinitely()).isEqualTo(CLEAN);
    }
}
