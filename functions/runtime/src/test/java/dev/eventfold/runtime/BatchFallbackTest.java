package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.processing.EventProcessor;
import dev.eventfold.runtime.testapp.BulkCounterHandler;
import dev.eventfold.runtime.testapp.CounterHandler;
import dev.eventfold.runtime.trigger.Outcome;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A handler's own applyBatch that rejects without naming the event: the runtime finds it one event at a time. */
@QuarkusTest
@TestProfile(BatchFallbackTest.BulkHandler.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class BatchFallbackTest {

    /** Swaps in the batch-folding handler. */
    public static class BulkHandler implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BulkCounterHandler.class);
        }
    }

    @Inject
    EventProcessor processor;

    @Test
    void anUnattributedRejectionIsNarrowedDownAndTheRestApplied() {
        String run = UUID.randomUUID().toString();
        CloudEvent a = userCreated("a-" + run, "Ada");
        CloudEvent poison = userCreated("p-" + run, CounterHandler.POISON);
        CloudEvent b = userCreated("b-" + run, "Barbara");
        List<CloudEvent> rejected = new ArrayList<>();
        List<String> reasons = new ArrayList<>();

        List<Outcome> outcomes = processor.processBatch(List.of(a, poison, b), (event, reason) -> {
            rejected.add(event);
            reasons.add(reason.getMessage());
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(30));

        assertThat(outcomes).containsExactly(Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED);
        assertThat(rejected).containsExactly(poison);
        assertThat(reasons).containsExactly("data.name: is poison somewhere in the batch"); // the bulk handler's
        assertThat(counter("a-" + run)).isEqualTo(1);
        assertThat(counter("b-" + run)).isEqualTo(1);
    }
}
