package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventProcessor;
import dev.eventfold.runtime.testapp.CounterHandler;
import dev.eventfold.runtime.trigger.Outcome;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processor's batch and single-event contracts, called directly. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class EventProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventProcessor processor;

    @Test
    void aBatchReportsEachEventsOutcomeInOrderAndHandsOverTheRejectedOne() {
        String run = UUID.randomUUID().toString();
        CloudEvent a = userCreated("a-" + run, "Ada");
        CloudEvent poison = userCreated("p-" + run, CounterHandler.POISON);
        CloudEvent b = userCreated("b-" + run, "Barbara");
        CloudEvent skipped = pageViewed("page-" + run);
        List<CloudEvent> rejected = new ArrayList<>();

        List<Outcome> outcomes = processor.processBatch(List.of(a, poison, b, a, skipped), (event, reason) -> {
            rejected.add(event);
            return Uni.createFrom().voidItem();
        }).await().atMost(WAIT);

        assertThat(outcomes).containsExactly(Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED,
                Outcome.DUPLICATE, Outcome.SKIPPED);
        assertThat(rejected).containsExactly(poison);
        assertThat(counter("a-" + run)).isEqualTo(1);
        assertThat(counter("b-" + run)).isEqualTo(1);
        assertThat(processed(poison.id())).isFalse();
    }

    @Test
    void aRedeliveredBatchIsAllDuplicates() {
        String run = UUID.randomUUID().toString();
        List<CloudEvent> batch = List.of(userCreated("a-" + run, "Ada"), userCreated("a-" + run, "Ada again"));
        processor.processBatch(batch).await().atMost(WAIT);

        List<Outcome> again = processor.processBatch(batch).await().atMost(WAIT);

        assertThat(again).containsOnly(Outcome.DUPLICATE);
        assertThat(counter("a-" + run)).isEqualTo(2);
    }

    @Test
    void aSingleEventThatCanNeverApplyFailsWithTheViolations() {
        CloudEvent poison = userCreated("p-" + UUID.randomUUID(), CounterHandler.POISON);

        assertThatThrownBy(() -> processor.process(poison).await().atMost(WAIT))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("data.name: is poison");
    }

    /** A measurement, not a check: {@code -Deventfold.measure=true}. */
    @Test
    @EnabledIfSystemProperty(named = "eventfold.measure", matches = "true")
    void measureBatchThroughput() {
        int size = Integer.getInteger("eventfold.measure.batch", 500);
        int batches = Integer.getInteger("eventfold.measure.batches", 20);
        List<List<CloudEvent>> work = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            List<CloudEvent> batch = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                batch.add(userCreated("m-" + UUID.randomUUID(), "Ada"));
            }
            work.add(batch);
        }
        processor.processBatch(work.get(0)).await().atMost(WAIT); // warm-up
        long start = System.nanoTime();
        for (int i = 1; i < batches; i++) {
            processor.processBatch(work.get(i)).await().atMost(WAIT);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int events = (batches - 1) * size;
        Logger.getLogger(EventProcessorTest.class).infof(
                "MEASURED processBatch: %d events in %d batches of %d (apply + dedup + outbox + Kafka emit) in %.2f s = %.0f events/s",
                events, batches - 1, size, seconds, events / seconds);
    }
}
