package dev.eventfold.delivery;

import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.delivery.store.QueuedMessage;
import dev.eventfold.delivery.testapp.ScriptedTransport;
import dev.eventfold.delivery.testapp.TestClock;
import dev.eventfold.delivery.worker.DeliveryWorker;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One slow or dead destination never holds up a healthy one: a hanging destination holds at most its cap of the
 * replica's slots (max-in-flight 16, destination-max-in-flight 4 under test), and a dead one's circuit opens after
 * three failures, so it stops taking attempts while the healthy one's messages all go out. Asserted on counts and
 * order, not on times.
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class IsolationTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    DeliveryStore store;
    @Inject
    DestinationStore destinations;
    @Inject
    ScriptedTransport transport;
    @Inject
    DeliveryWorker worker;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;

    private UUID destination(String org) {
        UUID id = UUID.randomUUID();
        destinations.create(pool, id, org, ScriptedTransport.NAME, false, null, clock.instant()).await().atMost(AWAIT);
        return id;
    }

    private void enqueue(UUID destination, String org, String prefix, int count) {
        store.enqueue(pool, IntStream.range(0, count).mapToObj(i -> new NewMessage(destination, org, prefix + i,
                "dev.eventfold.test", prefix + i, "{}")).toList(), clock.instant()).await().atMost(AWAIT);
    }

    private List<QueuedMessage> messages(UUID destination) {
        return store.messages(pool, destination, null, 1000).await().atMost(AWAIT);
    }

    private long succeeded(UUID destination) {
        return messages(destination).stream().filter(m -> m.status().equals("succeeded")).count();
    }

    private int attempts(UUID destination) {
        return messages(destination).stream().mapToInt(QueuedMessage::attempts).sum();
    }

    private static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(20), Duration.ofMillis(50), condition);
    }

    private static void settle() {
        try {
            Thread.sleep(500); // several poll intervals, for asserting that something did not happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aHangingDestinationHoldsOnlyItsCapWhileAHealthyOneDeliversEverything() {
        String org = "org-" + UUID.randomUUID();
        UUID slow = destination(org);
        UUID healthy = destination(org);
        transport.hold(slow);
        try {
            enqueue(slow, org, "slow-", 40);   // older: first in the claims' order
            eventually("the slow destination is busy", () -> sent(slow) == 4);
            enqueue(healthy, org, "fast-", 30);
            eventually("the healthy destination got everything", () -> succeeded(healthy) == 30);
            assertThat(sent(slow)).as("the slow one still holds only its cap").isEqualTo(4);
            assertThat(succeeded(slow)).isZero();
        } finally {
            transport.release(slow);
        }
        eventually("the slow destination catches up", () -> succeeded(slow) == 40);
        assertThat(sent(slow)).isEqualTo(40);
        assertThat(worker.trackedDestinations()).as("idle destinations are forgotten").isLessThanOrEqualTo(16);
    }

    @Test
    void aDeadDestinationsCircuitOpensSoItStopsTakingAttemptsAndAProbeClosesItAgain() {
        String org = "org-" + UUID.randomUUID();
        UUID dead = destination(org);
        UUID healthy = destination(org);
        transport.kill(dead);
        enqueue(dead, org, "dead-", 20);
        eventually("the circuit opened", () -> circuitOpen(dead));
        enqueue(healthy, org, "fast-", 20);
        eventually("the healthy destination got everything", () -> succeeded(healthy) == 20);
        settle();
        int whileOpen = attempts(dead);
        // three failed batches (of at most 3) opened it, plus at most what was in flight then (4)
        assertThat(transport.batches(dead).size()).isBetween(3, 3 + 4);
        assertThat(whileOpen).isEqualTo(sent(dead)).isBetween(3, 3 * 3 + 4);
        assertThat(messages(dead).stream().filter(m -> m.attempts() == 0).count()).isEqualTo(20 - whileOpen);

        clock.advance(Duration.ofMinutes(1));
        eventually("one probe", () -> attempts(dead) == whileOpen + 1);
        settle();
        assertThat(attempts(dead)).as("the failed probe opened it again").isEqualTo(whileOpen + 1);

        transport.revive(dead);
        clock.advance(Duration.ofMinutes(1));
        eventually("the probe succeeded, the circuit closed, everything went out", () -> succeeded(dead) == 20);
    }

    private int sent(UUID destination) {
        return transport.batches(destination).stream().mapToInt(b -> b.messages().size()).sum();
    }

    private boolean circuitOpen(UUID destination) {
        return pool.preparedQuery("SELECT blocked_until IS NOT NULL AS open FROM delivery_test.delivery_destinations WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(destination)).await().atMost(AWAIT)
                .iterator().next().getBoolean("open");
    }
}
