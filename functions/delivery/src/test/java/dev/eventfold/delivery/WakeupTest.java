package dev.eventfold.delivery;

import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.delivery.store.Wakeups;
import dev.eventfold.delivery.testapp.ScriptedTransport;
import dev.eventfold.delivery.testapp.TestClock;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the poll an hour apart, new work still goes out at once because it wakes the worker: an enqueue in this
 * replica (after its commit), many at the same time (a wake-up during a claim claims again, none is lost), the
 * rest of a destination at its cap, an ordered subject's next message, a replay, a resumed destination, and
 * another replica's enqueue through its {@code NOTIFY}. "At once" means within seconds, far below the poll: no
 * timing beyond that.
 */
@QuarkusTest
@TestProfile(WakeupTest.HourlyPoll.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class WakeupTest {

    /** The poll so far apart that only a wake-up can explain a delivery within the test's seconds. */
    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventfold.delivery.poll-interval", "1h");
        }
    }

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    DeliveryStore store;
    @Inject
    DestinationStore destinations;
    @Inject
    ScriptedTransport transport;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;
    @Inject
    Wakeups wakeups;
    @Inject
    Vertx vertx;

    private UUID destination(String org, boolean ordered) {
        UUID id = UUID.randomUUID();
        destinations.create(pool, id, org, ScriptedTransport.NAME, ordered, null, clock.instant()).await().atMost(AWAIT);
        return id;
    }

    private static NewMessage message(UUID destination, String org, String eventId, String subject) {
        return new NewMessage(destination, org, eventId, "dev.eventfold.test", subject, "{}");
    }

    private long succeeded(UUID destination) {
        return store.messages(pool, destination, "succeeded", 1000).await().atMost(AWAIT).size();
    }

    private int sent(UUID destination) {
        return transport.batches(destination).stream().mapToInt(b -> b.messages().size()).sum();
    }

    private static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(15), Duration.ofMillis(50), condition);
    }

    @Test
    void aMessageEnqueuedInATransactionGoesOutWhenItCommitsNotAtThePoll() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);

        pool.withTransaction(tx -> store.enqueue(tx, List.of(message(d, org, "e-1", "s")), clock.instant()))
                .await().atMost(AWAIT);

        eventually("delivered long before the poll", () -> succeeded(d) == 1);
    }

    @Test
    void manyEnqueuesAtOnceAllGoOutAlthoughTheyArriveWhileClaimsRun() {
        String org = "org-" + UUID.randomUUID();
        List<UUID> ds = IntStream.range(0, 20).mapToObj(i -> destination(org, true)).toList();

        // bursts of 20 transactions committing together, one message for each destination: the last wake-ups of
        // a burst land while a claim runs, and only the claim after it can take their messages
        for (int burst = 0; burst < 10; burst++) {
            String id = "b" + burst;
            Uni.join().all(ds.stream()
                            .map(d -> pool.withTransaction(tx -> store.enqueue(tx, List.of(message(d, org, id, "s")),
                                    clock.instant())))
                            .toList())
                    .andFailFast().await().atMost(AWAIT);
            long expected = burst + 1;
            eventually("every one of burst " + burst + " delivered", () -> ds.stream().allMatch(d -> succeeded(d) == expected));
        }
        assertThat(ds.stream().mapToInt(this::sent).sum()).as("each sent once").isEqualTo(200);
    }

    @Test
    void aDestinationAtItsCapGetsTheRestAsItsSlotsFree() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, false);

        // at most 4 in flight per destination: the first claim leaves 26 due
        store.enqueue(pool, IntStream.range(0, 30).mapToObj(i -> message(d, org, "c-" + i, "s-" + i)).toList(), clock.instant())
                .await().atMost(AWAIT);

        eventually("every one delivered", () -> succeeded(d) == 30);
        assertThat(sent(d)).as("each sent once").isEqualTo(30);
    }

    @Test
    void anOrderedSubjectsNextMessageGoesOutOnceTheEarlierOneIsRecorded() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);

        store.enqueue(pool, IntStream.range(0, 5).mapToObj(i -> message(d, org, "o-" + i, "same")).toList(), clock.instant())
                .await().atMost(AWAIT);

        eventually("all five, one after the other", () -> succeeded(d) == 5);
        assertThat(transport.batches(d).stream().flatMap(b -> b.messages().stream()).map(Message::eventId).toList())
                .containsExactly("o-0", "o-1", "o-2", "o-3", "o-4");
    }

    @Test
    void aReplayGoesOutAtOnce() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        store.enqueue(pool, List.of(message(d, org, "r-1", "s")), clock.instant()).await().atMost(AWAIT);
        eventually("delivered", () -> succeeded(d) == 1);

        assertThat(store.replay(pool, d, "r-1", null, false, clock.instant()).await().atMost(AWAIT)).isEqualTo(1);

        eventually("delivered again", () -> sent(d) == 2 && succeeded(d) == 1);
    }

    @Test
    void aResumedDestinationsMessagesGoOutAtOnce() throws InterruptedException {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        destinations.setStatus(pool, d, org, Destination.PAUSED, "paused by the test", clock.instant()).await().atMost(AWAIT);
        store.enqueue(pool, List.of(message(d, org, "p-1", "s")), clock.instant()).await().atMost(AWAIT);
        Thread.sleep(300); // the enqueue's own wake-up finds the destination paused

        destinations.setStatus(pool, d, org, Destination.ACTIVE, null, clock.instant()).await().atMost(AWAIT);

        eventually("delivered long before the poll", () -> succeeded(d) == 1);
    }

    @Test
    void anotherReplicasEnqueueWakesThisOneThroughItsNotify() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);

        // what another replica's enqueue does: the row and a NOTIFY from another replica, in one transaction,
        // without this replica's in-process wake-up
        pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO delivery_test.delivery_messages (destination_id, org_id,"
                                + " event_id, event_type, subject, payload, next_attempt_at, created_at)"
                                + " VALUES ($1, $2, 'n-1', 'dev.eventfold.test', 's', '{}', $3, $3)")
                        .execute(Tuple.of(d, org, DeliveryStore.at(clock.instant())))
                        .chain(() -> tx.preparedQuery("SELECT pg_notify($1, $2)")
                                .execute(Tuple.of(wakeups.channel(), "another-replica"))))
                .await().atMost(AWAIT);

        eventually("delivered long before the poll", () -> succeeded(d) == 1);
    }

    @Test
    void anEnqueueNotifiesTheOtherReplicasWhenItCommits() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        CompletableFuture<String> heard = new CompletableFuture<>();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        PgSubscriber other = otherReplica();
        try {
            other.channel(wakeups.channel()).subscribeHandler(() -> listening.complete(null)).handler(heard::complete);
            other.connect().await().atMost(AWAIT);
            listening.get(10, TimeUnit.SECONDS);

            pool.withTransaction(tx -> store.enqueue(tx, List.of(message(d, org, "x-1", "s")), clock.instant()))
                    .await().atMost(AWAIT);

            assertThat(heard.get(10, TimeUnit.SECONDS)).as("the payload names the sender").isEqualTo(wakeups.replica());
        } finally {
            other.closeAndAwait();
        }
    }

    /** A subscriber on its own connection, as another replica's listener. */
    private PgSubscriber otherReplica() {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).filter(p -> !p.isEmpty())
                .ifPresent(options::setPassword);
        return PgSubscriber.subscriber(vertx, options);
    }
}
