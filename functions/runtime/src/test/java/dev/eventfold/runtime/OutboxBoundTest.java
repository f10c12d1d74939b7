package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * While Kafka is slow to take derived events, the relay holds at most {@code eventfold.outbox.max-queued} of them in
 * memory; the rest wait in the outbox table, and every one is sent once Kafka catches up.
 */
@QuarkusTest
@TestProfile(OutboxBoundTest.SlowKafka.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class OutboxBoundTest {

    /** Each send waits five seconds for its batch to fill, so deliveries pile up behind the first one. */
    public static class SlowKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.linger.ms", "5000", "eventfold.outbox.max-queued", "5");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void deliveriesBeyondTheBoundWaitInTheTableNotInMemoryAndAllAreSent() {
        String run = UUID.randomUUID().toString();
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(userCreated("b" + i + "-" + run, "User" + i));
        }
        double mostHeld = 0;
        long mostPending = 0;
        for (CloudEvent event : events) {
            post(event).then().statusCode(204);
            mostHeld = Math.max(mostHeld, registry.find(EventMetrics.OUTBOX_QUEUED).gauge().value());
            mostPending = Math.max(mostPending, queryLong("SELECT coalesce(sum(n), 0) FROM runtime_test.outbox"));
        }

        assertThat(mostHeld).isLessThanOrEqualTo(5);
        assertThat(mostPending).as("derived events waiting in the table beyond the bound").isGreaterThan(5);
        Set<String> expected = new HashSet<>();
        events.forEach(e -> expected.add(DerivedIds.derivedId(CounterHandler.NAME, e)));
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().map(r -> header(r, "ce_id")).filter(expected::contains).distinct().count() == 30,
                Duration.ofSeconds(60));
        assertThat(users.stream().map(r -> header(r, "ce_id")).filter(expected::contains).distinct()).hasSize(30);
        eventually("the outbox drains", () -> queryLong("SELECT coalesce(sum(n), 0) FROM runtime_test.outbox") == 0);
    }
}
