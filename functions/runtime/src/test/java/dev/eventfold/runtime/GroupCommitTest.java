package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Knative path under concurrency: deliveries that arrive while a transaction runs share the next one, and
 * each is still answered for itself (204, 400 for the one that can never apply, 500 for the one that fails).
 */
@QuarkusTest
@TestProfile(GroupCommitTest.OneTransactionAtATime.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class GroupCommitTest {

    /** One transaction at a time, so that what arrives during the slow one must wait and then go together. */
    public static class OneTransactionAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventfold.funqy.max-transactions", "1", "eventfold.funqy.max-waiting", "25",
                    "eventfold.funqy.retry-after", "3s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void deliveriesWaitingForATransactionShareTheNextAndTheOneThatCanNeverApplyIsAnswered400() throws Exception {
        String run = UUID.randomUUID().toString();
        List<CloudEvent> waiting = users(run, 20);
        CloudEvent poison = userCreated("p-" + run, CounterHandler.POISON);
        waiting.add(10, poison);

        List<Integer> statuses = behindASlowTransaction(run, waiting);

        assertAppliedExcept(poison, 400, waiting, statuses);
        // the twenty that waited were committed together once the poison was taken out
        assertThat(registry.find(EventMetrics.TRANSACTION_EVENTS).summary().max()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void whenTheSharedTransactionFailsEachEventIsTriedAloneSoOnlyTheFaultyOneIsAnswered500() throws Exception {
        String run = UUID.randomUUID().toString();
        List<CloudEvent> waiting = users(run, 10);
        CloudEvent flaky = userCreated("f-" + run, CounterHandler.FLAKY);
        waiting.add(5, flaky);

        List<Integer> statuses = behindASlowTransaction(run, waiting);

        assertAppliedExcept(flaky, 500, waiting, statuses);
    }

    @Test
    void pastTheBoundADeliveryIsAnswered503WithRetryAfterAndChangesNothing() throws Exception {
        String run = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(27);
        CounterHandler.SLOW_GATE = new CompletableFuture<>();
        try {
            Future<Integer> slow = pool.submit(() -> post(userCreated("s-" + run, CounterHandler.SLOW)).statusCode());
            eventually("the slow event holds the only transaction", () -> CounterHandler.slowApplying);
            List<CloudEvent> waiting = users(run, 25);
            List<Future<Integer>> answers = new ArrayList<>();
            for (CloudEvent event : waiting) {
                answers.add(pool.submit(() -> post(event).statusCode()));
            }
            eventually("the queue is full", () -> registry.find(EventMetrics.WAITING).gauge().value() >= 25);

            CloudEvent refused = userCreated("r-" + run, "Late");
            var response = post(refused);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("3");
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("detail")).contains("eventfold.funqy.max-waiting");
            CounterHandler.SLOW_GATE.complete(null);
            assertThat(slow.get()).isEqualTo(204);
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(204);
            }
            assertThat(processed(refused.id())).isFalse();
            post(refused).then().statusCode(204);
            assertThat(counter(refused.subject())).isEqualTo(1);
        } finally {
            CounterHandler.SLOW_GATE.complete(null);
            pool.shutdownNow();
        }
    }

    /** Holds the only transaction slot with a slow event until all of these are waiting for it, then lets it go. */
    private List<Integer> behindASlowTransaction(String run, List<CloudEvent> events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(events.size() + 1);
        CounterHandler.SLOW_GATE = new CompletableFuture<>();
        try {
            Future<Integer> slow = pool.submit(() -> post(userCreated("s-" + run, CounterHandler.SLOW)).statusCode());
            eventually("the slow event holds the only transaction", () -> CounterHandler.slowApplying);
            List<Future<Integer>> answers = new ArrayList<>();
            for (CloudEvent event : events) {
                answers.add(pool.submit(() -> post(event).statusCode()));
            }
            eventually("every delivery waits for the slot",
                    () -> registry.find(EventMetrics.WAITING).gauge().value() >= events.size());
            CounterHandler.SLOW_GATE.complete(null);
            assertThat(slow.get()).isEqualTo(204);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            CounterHandler.SLOW_GATE.complete(null);
            pool.shutdownNow();
        }
    }

    /** Every event but {@code odd} answered 204 and applied once; {@code odd} answered {@code status}, not applied. */
    private static void assertAppliedExcept(CloudEvent odd, int status, List<CloudEvent> events, List<Integer> statuses) {
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            assertThat(statuses.get(i)).as("answer to %s", event.subject()).isEqualTo(event == odd ? status : 204);
            if (event != odd) {
                assertThat(counter(event.subject())).as(event.subject()).isEqualTo(1);
            }
        }
        assertThat(processed(odd.id())).isFalse();
    }

    private static List<CloudEvent> users(String run, int n) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(userCreated("u" + i + "-" + run, "User" + i));
        }
        return events;
    }
}
